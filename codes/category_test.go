package codes_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/codes"
)

func leaf(code, zh, en string) codes.CategoryNode {
	return codes.CategoryNode{Code: code, Name: name(zh, en)}
}

func branch(code, zh, en string, children ...codes.CategoryNode) codes.CategoryNode {
	return codes.CategoryNode{Code: code, Name: name(zh, en), Children: children}
}

func TestDefaultCategoryLookups(t *testing.T) {
	t.Parallel()
	cats := codes.DefaultTables().Categories()
	mini := codes.CategoryEntry{
		Code:   "hardware.server.minicomputer",
		Name:   name("小型机", "Minicomputer"),
		Level:  3,
		Parent: "hardware.server",
		Leaf:   true,
	}
	got, err := cats.Lookup("hardware.server.minicomputer")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(mini, got); diff != "" {
		t.Errorf("Lookup mismatch (-want +got):\n%s", diff)
	}
	// The same category by paths of Chinese names, English names, codes,
	// and a mix.
	for _, path := range [][]string{
		{"硬件类", "服务器类", "小型机"},
		{"Hardware", "Servers", "Minicomputer"},
		{"hardware", "server", "minicomputer"},
		{"硬件类", "Servers", "minicomputer"},
	} {
		got, err := cats.LookupPath(path...)
		if err != nil || got != mini {
			t.Errorf("LookupPath(%q) = %+v, %v; want %s", path, got, err, mini.Code)
		}
	}
	// 其他 (other) appears under several parents; the path picks one.
	for path, want := range map[[3]string]codes.Category{
		{"硬件类", "其他", "其他"}:      "hardware.other.other",
		{"硬件类", "服务器类", "其他"}:    "hardware.server.other",
		{"交易大厅", "软件类", "操作系统"}:  "trading_floor.software.os",
		{"软件类", "系统软件类", "操作系统"}: "software.system.os",
	} {
		got, err := cats.LookupPath(path[:]...)
		if err != nil || got.Code != want {
			t.Errorf("LookupPath(%q) = %s, %v; want %s", path, got.Code, err, want)
		}
	}
	// A path may stop at any level.
	if got, err := cats.LookupPath("软件类", "应用软件类"); err != nil || got.Code != "software.application" || !got.Leaf || got.Level != 2 {
		t.Errorf("LookupPath(软件类, 应用软件类) = %+v, %v", got, err)
	}
	if got, err := cats.LookupPath("其他"); err != nil || got.Code != "other" || got.Leaf || got.Parent != "" || got.Level != 1 {
		t.Errorf("LookupPath(其他) = %+v, %v", got, err)
	}

	path, err := cats.Path("hardware.server.minicomputer")
	if err != nil {
		t.Fatal(err)
	}
	var codesOnPath []codes.Category
	for _, e := range path {
		codesOnPath = append(codesOnPath, e.Code)
	}
	if diff := cmp.Diff([]codes.Category{"hardware", "hardware.server", "hardware.server.minicomputer"}, codesOnPath); diff != "" {
		t.Errorf("Path mismatch (-want +got):\n%s", diff)
	}

	top, err := cats.Children("")
	if err != nil {
		t.Fatal(err)
	}
	var topCodes []codes.Category
	for _, e := range top {
		topCodes = append(topCodes, e.Code)
	}
	if diff := cmp.Diff([]codes.Category{"software", "hardware", "other", "trading_floor", "terminal"}, topCodes); diff != "" {
		t.Errorf("Children(\"\") mismatch (-want +got):\n%s", diff)
	}
	kids, err := cats.Children("terminal.hardware")
	if err != nil || len(kids) != 2 || kids[0].Name.ZH != "PC" || kids[1].Name.ZH != "网络" {
		t.Errorf("Children(terminal.hardware) = %+v, %v", kids, err)
	}
	if kids, err := cats.Children("other.documents"); err != nil || len(kids) != 0 {
		t.Errorf("Children of a leaf = %+v, %v; want none", kids, err)
	}
}

func TestCategoryUnknown(t *testing.T) {
	t.Parallel()
	cats := codes.DefaultTables().Categories()
	for _, code := range []codes.Category{"", "hardware.server.mainframe", "Hardware", "hardware.", ".hardware", "hardware..server", "硬件类"} {
		_, err := cats.Lookup(code)
		checkUnknown(t, err, "categories", string(code))
		if code != "" {
			_, err = cats.Children(code)
			checkUnknown(t, err, "categories", string(code))
		}
		_, err = cats.Path(code)
		checkUnknown(t, err, "categories", string(code))
	}
	for _, path := range [][]string{
		nil,
		{""},
		{"服务器类"}, // a second-level name at the top
		{"硬件类", "服务器类", "小型机", "更多"},        // deeper than the tree
		{"硬件类", "服务器类", "大型机"},              // no such leaf
		{"硬件类", "SERVERS"},                  // names match exactly
		{"hardware", "server.minicomputer"}, // parts are single nodes
	} {
		_, err := cats.LookupPath(path...)
		want := ""
		for i, p := range path {
			if i > 0 {
				want += " / "
			}
			want += p
		}
		checkUnknown(t, err, "categories", want)
	}
}

func checkUnknown(t *testing.T, err error, table, code string) {
	t.Helper()
	var ue *codes.UnknownCodeError
	if !errors.As(err, &ue) || !errors.Is(err, codes.ErrUnknownCode) {
		t.Errorf("error = %v, want an *UnknownCodeError for %q", err, code)
		return
	}
	if diff := cmp.Diff(&codes.UnknownCodeError{Table: table, Code: code}, ue); diff != "" {
		t.Errorf("error mismatch (-want +got):\n%s", diff)
	}
}

func TestNewCategories(t *testing.T) {
	t.Parallel()
	nodes := []codes.CategoryNode{
		branch("net", "网络", "Network",
			branch("wan", "广域网", "WAN", leaf("mpls", "专线", "MPLS")),
			leaf("lan", "局域网", "LAN"),
		),
		leaf("misc", "其他", "Other"),
	}
	cats, err := codes.NewCategories(nodes)
	if err != nil {
		t.Fatal(err)
	}
	want := []codes.CategoryEntry{
		{Code: "net", Name: name("网络", "Network"), Level: 1},
		{Code: "net.wan", Name: name("广域网", "WAN"), Level: 2, Parent: "net"},
		{Code: "net.wan.mpls", Name: name("专线", "MPLS"), Level: 3, Parent: "net.wan", Leaf: true},
		{Code: "net.lan", Name: name("局域网", "LAN"), Level: 2, Parent: "net", Leaf: true},
		{Code: "misc", Name: name("其他", "Other"), Level: 1, Leaf: true},
	}
	if diff := cmp.Diff(want, cats.Entries()); diff != "" {
		t.Errorf("Entries mismatch (-want +got):\n%s", diff)
	}
	// The tree is deep-copied in and out.
	nodes[0].Children[0].Children[0].Name.EN = "changed in"
	out := cats.Nodes()
	out[0].Children[0].Name.EN = "changed out"
	if e, _ := cats.Lookup("net.wan.mpls"); e.Name.EN != "MPLS" {
		t.Errorf("tree changed through its input: %+v", e)
	}
	if n := cats.Nodes(); n[0].Children[0].Name.EN != "WAN" || n[0].Children[0].Children[0].Name.EN != "MPLS" {
		t.Errorf("Nodes changed through a copy: %+v", n)
	}
}

// TestNewCategoriesInvalid has one case for each problem a tree can have.
func TestNewCategoriesInvalid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		nodes []codes.CategoryNode
		want  []string
	}{
		{"empty", nil, []string{"categories: has no entries"}},
		{"bad code", []codes.CategoryNode{leaf("a.b", "甲", "A"), leaf("", "乙", "B")}, []string{
			`categories[0] "a.b": code has '.' at byte 1; use ASCII letters, digits, '_' and '-'`,
			`categories[1]: code is empty`,
		}},
		{"duplicate siblings", []codes.CategoryNode{
			branch("hw", "硬件", "Hardware", leaf("pc", "电脑", "PC"), leaf("pc", "主机", "Host"), leaf("srv", "电脑", "Server"), leaf("box", "盒子", "Host")),
		}, []string{
			`categories[0].children[1] "hw.pc": code duplicates categories[0].children[0]`,
			`categories[0].children[2] "hw.srv": name.zh duplicates categories[0].children[0]`,
			`categories[0].children[3] "hw.box": name.en duplicates categories[0].children[1]`,
		}},
		{"same names under different parents are fine, missing names are not", []codes.CategoryNode{
			branch("a", "甲", "A", leaf("x", "其他", "Other")),
			branch("b", "乙", "", leaf("x", "其他", "Other")),
		}, []string{
			`categories[1] "b": name.en is empty`,
		}},
		{"too deep", []codes.CategoryNode{
			branch("a", "甲", "A", branch("b", "乙", "B", branch("c", "丙", "C", leaf("d", "丁", "D")))),
		}, []string{
			`categories[0].children[0].children[0] "a.b.c": children go deeper than 3 levels`,
		}},
		{"bad description", []codes.CategoryNode{{Code: "a", Name: name("甲", "A"), Description: name("说明\n", "")}}, []string{
			`categories[0] "a": description.zh has leading or trailing space`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cats, err := codes.NewCategories(tt.nodes)
			if cats != nil {
				t.Error("NewCategories returned a tree with its error")
			}
			if diff := cmp.Diff(tt.want, problemsOf(t, err)); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSystems(t *testing.T) {
	t.Parallel()
	sys := codes.DefaultTables().Systems()
	got, err := sys.Lookup("trading")
	want := codes.SystemEntry{Code: "trading", Name: name("六期交易系统", "Phase VI trading system"), Group: "core_systems"}
	if err != nil || got != want {
		t.Errorf("Lookup(trading) = %+v, %v; want %+v", got, err, want)
	}
	if !sys.Has("csrc_network") || sys.Has("mainframe") {
		t.Error("Has disagrees with the seed list")
	}
	_, err = sys.Lookup("mainframe")
	checkUnknown(t, err, "systems", "mainframe")
	if len(sys.Codes()) != len(sys.Entries()) {
		t.Error("Codes and Entries differ in length")
	}

	groups := []codes.SystemGroup{{
		Code: "apps", Name: name("应用", "Applications"),
		Systems: []codes.Entry[codes.System]{{Code: "crm", Name: name("客户系统", "CRM")}},
	}}
	own, err := codes.NewSystems(groups)
	if err != nil {
		t.Fatal(err)
	}
	groups[0].Systems[0].Name.EN = "changed in"
	out := own.Groups()
	out[0].Systems[0].Name.EN = "changed out"
	if e, _ := own.Lookup("crm"); e.Name.EN != "CRM" || own.Groups()[0].Systems[0].Name.EN != "CRM" {
		t.Errorf("list changed through a slice: %+v", own.Groups())
	}
}

func TestNewSystemsInvalid(t *testing.T) {
	t.Parallel()
	sys := func(code codes.System, zh, en string) codes.Entry[codes.System] {
		return codes.Entry[codes.System]{Code: code, Name: name(zh, en)}
	}
	_, err := codes.NewSystems(nil)
	if diff := cmp.Diff([]string{"systems: has no entries"}, problemsOf(t, err)); diff != "" {
		t.Errorf("empty: problems mismatch (-want +got):\n%s", diff)
	}
	_, err = codes.NewSystems([]codes.SystemGroup{
		{Code: "core", Name: name("核心", "Core"), Systems: []codes.Entry[codes.System]{sys("crm", "客户", "CRM"), sys("erp", "", "ERP")}},
		{Code: "core", Name: name("核心", "Core")},
		{Code: "edge", Name: name("边缘", "Edge"), Systems: []codes.Entry[codes.System]{sys("crm", "客户", "CRM"), sys("web site", "网站", "Web site")}},
	})
	want := []string{
		`systems[0].systems[1] "erp": name.zh is empty`,
		`systems[1] "core": code duplicates systems[0]`,
		`systems[1] "core": systems has no entries`,
		`systems[2].systems[0] "crm": code duplicates systems[0].systems[0]`,
		`systems[2].systems[1] "web site": code has ' ' at byte 3; use ASCII letters, digits, '_' and '-'`,
	}
	if diff := cmp.Diff(want, problemsOf(t, err)); diff != "" {
		t.Errorf("problems mismatch (-want +got):\n%s", diff)
	}
}
