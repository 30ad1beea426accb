package codes_test

// The tests in this file compare the default tables with the process
// documents they come from, transcribed here by hand from the Chinese
// originals: seed 000 (§6.3 to §6.11), seed 001 and seed 003 (§5.3, §5.11).

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/codes"
)

// zhRow is a code with its Chinese name and description, as in a seed table.
type zhRow struct {
	Code        string
	Name        string
	Description string
}

func zhRows[C codes.Code](entries []codes.Entry[C]) []zhRow {
	rows := make([]zhRow, len(entries))
	for i, e := range entries {
		rows[i] = zhRow{string(e.Code), e.Name.ZH, e.Description.ZH}
	}
	return rows
}

// checkEnglish fails if an entry lacks an English name.
func checkEnglish(t *testing.T, table string, names ...codes.Name) {
	t.Helper()
	for i, n := range names {
		if n.EN == "" || n.ZH == "" {
			t.Errorf("%s[%d] = %+v: want both names", table, i, n)
		}
	}
}

func TestDefaultKindsMatchSeed(t *testing.T) {
	t.Parallel()
	// Seed 000 §6.1 item 1: 事件IM/服务请求SR/问题PM/变更CH.
	want := []zhRow{{"IM", "事件", ""}, {"SR", "服务请求", ""}, {"PM", "问题", ""}, {"CH", "变更", ""}}
	if diff := cmp.Diff(want, zhRows(codes.DefaultTables().Kinds().Entries())); diff != "" {
		t.Errorf("kinds mismatch (-seed +default):\n%s", diff)
	}
	for _, k := range []codes.Kind{codes.KindIncident, codes.KindServiceRequest, codes.KindProblem, codes.KindChange} {
		if !k.Valid() {
			t.Errorf("%q.Valid() = false", k)
		}
	}
}

func TestDefaultPrioritiesMatchSeed(t *testing.T) {
	t.Parallel()
	// Seed 000 §6.5 优先级: 编号, 代码, 解释; and 影响程度: the first line of
	// each level, its number of numbered items, and its last item.
	type level struct {
		Priority  string
		Name      string
		Major     bool
		FirstLine string
		Items     int
		LastItem  string
	}
	want := []level{
		{"P1", "特大事件", true, "因部门原因,导致重要业务系统出现异常,系统恢复时间(RTO-Recovery Time Objective)在30 分钟以上,影响所有客户:", 11, "11. 其他因部门原因,导致核心交易中断。"},
		{"P2", "重大事件", true, "因部门原因,导致重要业务系统出现异常,系统恢复时间(RTO-Recovery Time Objective)在30 分钟以内,影响所有客户:", 10, "10. 全部或大部分会员或所有信息公司无法收到行情达2 小时以上。"},
		{"P3", "较大事件", false, "主要服务对少部分会员(5%~10%)产生了一定影响。", 6, "6. 办公网病毒大规模爆发或邮件系统故障,影响所有员工办公达2~4 小时。"},
		{"P4", "普通事件", false, "服务出现问题,但大部分功能仍然可用,影响个别会员(<5%)。", 7, "7. 所领导办公电脑故障。"},
		{"P5", "次要事件", false, "技术请求和服务类事件,或者一般事件,对客户不产生负面影响", 5, "5. 服务请求。"},
	}
	var got []level
	for _, e := range codes.DefaultTables().Priorities().Entries() {
		zh := strings.Split(e.Description.ZH, "\n")
		en := strings.Split(e.Description.EN, "\n")
		if len(en) != len(zh) {
			t.Errorf("%s: English description has %d lines, Chinese %d", e.Priority, len(en), len(zh))
		}
		for i := 1; i < len(zh); i++ {
			prefix := strings.Split(zh[i], " ")[0]
			if !strings.HasPrefix(en[i], prefix+" ") {
				t.Errorf("%s line %d: English %q does not carry the item number %q", e.Priority, i, en[i], prefix)
			}
		}
		got = append(got, level{e.Priority.String(), e.Name.ZH, e.Priority.Major(), zh[0], len(zh) - 1, zh[len(zh)-1]})
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("priorities mismatch (-seed +default):\n%s", diff)
	}
	enNames := map[codes.Priority]string{codes.P1: "Critical", codes.P2: "Major", codes.P3: "Significant", codes.P4: "Normal", codes.P5: "Minor"}
	for p, name := range enNames {
		e, err := codes.DefaultTables().Priorities().Lookup(p)
		if err != nil || e.Name.EN != name {
			t.Errorf("Lookup(%s) = %+v, %v; want English name %q", p, e, err, name)
		}
	}
}

func TestDefaultMatrixMatchesSeed(t *testing.T) {
	t.Parallel()
	// Seed 003 §5.3, laid out as in the document: rows are 紧急度
	// (urgency), columns are 影响度 (impact).
	impacts := []string{"高", "中", "低"}
	urgencies := []string{"紧急", "高", "中", "低"}
	grid := [4][3]codes.Priority{
		{1, 2, 3}, // 紧急
		{2, 3, 3}, // 高
		{3, 4, 4}, // 中
		{3, 4, 4}, // 低
	}
	times := []time.Duration{1 * time.Hour, 2 * time.Hour, 4 * time.Hour, 8 * time.Hour}
	scope := []string{"用户业务中断，无法工作", "用户业务性能下降", "问题请求，业务性能无下降"}
	extent := []string{"70%以上用户业务受影响", "20%以上用户业务受影响", "用户业务可能潜在影响"}

	m := codes.DefaultMatrix()
	ims, ugs := m.Impacts(), m.Urgencies()
	if len(ims) != len(impacts) || len(ugs) != len(urgencies) {
		t.Fatalf("matrix is %d×%d, want %d×%d", len(ugs), len(ims), len(urgencies), len(impacts))
	}
	for i, im := range ims {
		if im.Name.ZH != impacts[i] || im.Scope.ZH != scope[i] || im.Extent.ZH != extent[i] {
			t.Errorf("impact %d = %+v, want %s: %s, %s", i, im, impacts[i], scope[i], extent[i])
		}
		checkEnglish(t, "impacts", im.Name, im.Scope, im.Extent)
	}
	for u, ug := range ugs {
		if ug.Name.ZH != urgencies[u] || ug.Time != times[u] {
			t.Errorf("urgency %d = %+v, want %s with %s", u, ug, urgencies[u], times[u])
		}
		checkEnglish(t, "urgencies", ug.Name)
		for i, im := range ims {
			got, err := m.Priority(im.Code, ug.Code)
			if err != nil || got != grid[u][i] {
				t.Errorf("Priority(%s, %s) = %v, %v; seed says %v", im.Code, ug.Code, got, err, grid[u][i])
			}
		}
	}
	// The constants name the same cells.
	cells := []struct {
		i    codes.Impact
		u    codes.Urgency
		want codes.Priority
	}{
		{codes.ImpactHigh, codes.UrgencyCritical, codes.P1},
		{codes.ImpactMedium, codes.UrgencyCritical, codes.P2},
		{codes.ImpactLow, codes.UrgencyCritical, codes.P3},
		{codes.ImpactHigh, codes.UrgencyHigh, codes.P2},
		{codes.ImpactMedium, codes.UrgencyHigh, codes.P3},
		{codes.ImpactLow, codes.UrgencyHigh, codes.P3},
		{codes.ImpactHigh, codes.UrgencyMedium, codes.P3},
		{codes.ImpactMedium, codes.UrgencyMedium, codes.P4},
		{codes.ImpactLow, codes.UrgencyMedium, codes.P4},
		{codes.ImpactHigh, codes.UrgencyLow, codes.P3},
		{codes.ImpactMedium, codes.UrgencyLow, codes.P4},
		{codes.ImpactLow, codes.UrgencyLow, codes.P4},
	}
	for _, c := range cells {
		if got, err := m.Priority(c.i, c.u); err != nil || got != c.want {
			t.Errorf("Priority(%s, %s) = %v, %v; want %v", c.i, c.u, got, err, c.want)
		}
	}
}

func TestDefaultStatusesMatchSeed(t *testing.T) {
	t.Parallel()
	// Seed 000 §6.8 事件状态: 代码, 描述.
	want := []zhRow{
		{"registered", "已登记", "新开事件记录或事件已创建"},
		{"assigned", "已分派", "事件已经分配给支持人员,等待处理人处理"},
		{"in_progress", "处理中", "支持人员已接手处理事件"},
		{"resolved", "已解决", "事件已解决"},
		{"closed", "关闭", "事件已关闭"},
	}
	if diff := cmp.Diff(want, zhRows(codes.DefaultTables().Statuses().Entries())); diff != "" {
		t.Errorf("statuses mismatch (-seed +default):\n%s", diff)
	}
	// Seed 001 adds 待审核 and 已归档; pending is on hold.
	ext := codes.ExtendedStatuses()
	wantExt := []codes.Status{
		codes.StatusRegistered, codes.StatusAssigned, codes.StatusInProgress, codes.StatusResolved, codes.StatusClosed,
		codes.StatusPending, codes.StatusAwaitingReview, codes.StatusArchived,
	}
	if diff := cmp.Diff(wantExt, ext.Codes()); diff != "" {
		t.Errorf("extended statuses mismatch (-want +got):\n%s", diff)
	}
	for code, zh := range map[codes.Status]string{codes.StatusAwaitingReview: "待审核", codes.StatusArchived: "已归档", codes.StatusPending: "挂起"} {
		if e, err := ext.Lookup(code); err != nil || e.Name.ZH != zh {
			t.Errorf("extended Lookup(%s) = %+v, %v; want %s", code, e, err, zh)
		}
	}
	for _, e := range ext.Entries() {
		checkEnglish(t, "statuses", e.Name, e.Description)
	}
}

func TestDefaultClosureCodesMatchSeed(t *testing.T) {
	t.Parallel()
	// Seed 000 §6.9 事件结束代码: 代码, 描述; then seed 003 §5.11.
	type row struct {
		Code, Name, Description string
		Outcome                 codes.Outcome
	}
	want := []row{
		{"service_desk", "服务台解决", "由服务台维护解决", codes.OutcomeResolved},
		{"l1", "一线解决", "由一线找到事件的根本原因或替代方法", codes.OutcomeResolved},
		{"l2", "二线解决", "由二线找到事件的根本原因或替代方法", codes.OutcomeResolved},
		{"l3", "三线解决", "由外部人员或外部厂商解决", codes.OutcomeResolved},
		{"unresolved", "未解决", "未解决", codes.OutcomeUnresolved},
		{"recovered", "自动恢复", "系统自动恢复,事件无法再现", codes.OutcomeNoFix},
		{"false_alarm", "误报", "属于误报事件", codes.OutcomeNoFix},
		{"rejected", "拒绝", "事件被拒绝", codes.OutcomeNoFix},
		{"success", "成功", "事件成功关闭", codes.OutcomeResolved},
		{"success_with_problem", "成功但有问题", "事件已解决,升级到问题管理", codes.OutcomeProblemRaised},
	}
	var got []row
	for _, e := range codes.DefaultTables().ClosureCodes().Entries() {
		got = append(got, row{string(e.Code), e.Name.ZH, e.Description.ZH, e.Outcome})
		checkEnglish(t, "closure_codes", e.Name, e.Description)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("closure codes mismatch (-seed +default):\n%s", diff)
	}
	constants := []codes.ClosureCode{
		codes.ClosureServiceDesk, codes.ClosureL1, codes.ClosureL2, codes.ClosureL3, codes.ClosureUnresolved,
		codes.ClosureRecovered, codes.ClosureFalseAlarm, codes.ClosureRejected, codes.ClosureSuccess, codes.ClosureSuccessWithProblem,
	}
	if diff := cmp.Diff(constants, codes.DefaultTables().ClosureCodes().Codes()); diff != "" {
		t.Errorf("closure constants mismatch (-constants +table):\n%s", diff)
	}
}

func TestDefaultSourcesNaturesSatisfactionRolesTiersMatchSeed(t *testing.T) {
	t.Parallel()
	d := codes.DefaultTables()
	// Seed 000 §6.10 事件来源: 代码, 备注.
	sources := []zhRow{
		{"phone", "电话", "服务台通过客户电话创建的"},
		{"monitoring", "监控系统", "监控系统通过接口自动创建的"},
		{"inspection", "巡检自发现", "日常检查过程中由工程师自发现"},
		{"email", "EMAIL", "服务台根据客户EMAIL创建的"},
		{"sms", "短信", "短信报警"},
	}
	if diff := cmp.Diff(sources, zhRows(d.Sources().Entries())); diff != "" {
		t.Errorf("sources mismatch (-seed +default):\n%s", diff)
	}
	if diff := cmp.Diff([]codes.Source{codes.SourcePhone, codes.SourceMonitoring, codes.SourceInspection, codes.SourceEmail, codes.SourceSMS}, d.Sources().Codes()); diff != "" {
		t.Errorf("source constants mismatch (-constants +table):\n%s", diff)
	}
	// Seed 000 §2.2: 服务请求、事件、咨询还是投诉.
	natures := []zhRow{{"incident", "事件", ""}, {"service_request", "服务请求", ""}, {"consultation", "咨询", ""}, {"complaint", "投诉", ""}}
	if diff := cmp.Diff(natures, zhRows(d.Natures().Entries())); diff != "" {
		t.Errorf("natures mismatch (-seed +default):\n%s", diff)
	}
	if diff := cmp.Diff([]codes.Nature{codes.NatureIncident, codes.NatureServiceRequest, codes.NatureConsultation, codes.NatureComplaint}, d.Natures().Codes()); diff != "" {
		t.Errorf("nature constants mismatch (-constants +table):\n%s", diff)
	}
	// Seed 000 §6.11 事件支持满意度: 代码, 备注; best first.
	type rating struct {
		Code, Name, Description string
		Score                   int
	}
	satisfaction := []rating{
		{"very_good", "非常好", "用户非常满意", 3},
		{"normal", "正常", "用户接受处理结果", 2},
		{"needs_improvement", "需要提高", "用户认为对处理过程或结果不满意", 1},
	}
	var gotSat []rating
	for _, e := range d.Satisfaction().Entries() {
		gotSat = append(gotSat, rating{string(e.Code), e.Name.ZH, e.Description.ZH, e.Score})
	}
	if diff := cmp.Diff(satisfaction, gotSat); diff != "" {
		t.Errorf("satisfaction mismatch (-seed +default):\n%s", diff)
	}
	// Seed 003 §5.11 事件解决人角色: Helpdesk 工程师, 现场, 3/n; seed 000 §3
	// tiers.
	roles := []codes.ResolverRole{codes.ResolverServiceDesk, codes.ResolverL1, codes.ResolverL2, codes.ResolverL3, codes.ResolverField}
	if diff := cmp.Diff(roles, d.ResolverRoles().Codes()); diff != "" {
		t.Errorf("resolver roles mismatch (-want +got):\n%s", diff)
	}
	if e, _ := d.ResolverRoles().Lookup(codes.ResolverField); e.Name.ZH != "现场" {
		t.Errorf("field resolver = %+v, want 现场", e)
	}
	if e, _ := d.ResolverRoles().Lookup(codes.ResolverServiceDesk); e.Description.ZH != "Helpdesk 工程师" {
		t.Errorf("service desk resolver = %+v, want Helpdesk 工程师", e)
	}
	tiers := []zhRow{{"service_desk", "服务台", ""}, {"l1", "一线", ""}, {"l2", "二线", ""}, {"l3", "三线", ""}}
	gotTiers := zhRows(d.Tiers().Entries())
	for i := range gotTiers {
		gotTiers[i].Description = ""
	}
	if diff := cmp.Diff(tiers, gotTiers); diff != "" {
		t.Errorf("tiers mismatch (-seed +default):\n%s", diff)
	}
	for _, e := range d.Sources().Entries() {
		checkEnglish(t, "sources", e.Name, e.Description)
	}
	for _, e := range d.Natures().Entries() {
		checkEnglish(t, "natures", e.Name)
	}
	for _, e := range d.Satisfaction().Entries() {
		checkEnglish(t, "satisfaction", e.Name, e.Description)
	}
	for _, e := range d.ResolverRoles().Entries() {
		checkEnglish(t, "resolver_roles", e.Name)
	}
	for _, e := range d.Tiers().Entries() {
		checkEnglish(t, "tiers", e.Name, e.Description)
	}
}

// seedCategories is seed 000 §6.4 (第一层, 第二层, 第三层), one node a line,
// indented by level.
const seedCategories = `
软件类
	系统软件类
		操作系统
		集群软件
		中间件
		备份软件
		安全软件
		数据库
		监控软件
	应用软件类
	其他
		集控系统
		门禁系统
		安防系统
硬件类
	服务器类
		小型机
		刀片服务器
		PC 服务器
		其他
	网络设备类
		路由器
		交换机
		网关
		防火墙
		VPN
		负载均衡
		链路
		其他
	安全设备类
		入侵检测
		入侵防御
		安全审计
		防病毒网关
		防病毒分析
		安全管理平台
		网闸
		其他
	存储设备类
		磁盘阵列
		NAS
		磁带库
		光盘库
		存储光纤交换机
		其他
	其他
		KVM设备
		其他
其他
	机房设备
		配电柜
		空调
		机柜
		UPS
		ATS
		其他
	文档
	合同
	介质
交易大厅
	硬件类
		主机
		键盘
		鼠标
		电源
		网络
		其他
	软件类
		操作系统
		交易软件
		管理软件
		其他
	其他
业务终端
	硬件类
		PC
		网络
	软件类
		业务软件
		管理软件
`

// seedPaths returns the paths of names of an indented outline, depth first.
func seedPaths(outline string) []string {
	var stack, paths []string
	for _, line := range strings.Split(strings.TrimSpace(outline), "\n") {
		depth := len(line) - len(strings.TrimLeft(line, "\t"))
		stack = append(stack[:depth], strings.TrimSpace(line))
		paths = append(paths, strings.Join(stack, " / "))
	}
	return paths
}

func TestDefaultCategoriesMatchSeed(t *testing.T) {
	t.Parallel()
	cats := codes.DefaultTables().Categories()
	var got []string
	for _, e := range cats.Entries() {
		path, err := cats.Path(e.Code)
		if err != nil {
			t.Fatalf("Path(%s): %v", e.Code, err)
		}
		names := make([]string, len(path))
		for i, p := range path {
			names[i] = p.Name.ZH
		}
		got = append(got, strings.Join(names, " / "))
		checkEnglish(t, "categories", e.Name)
		if e.Level != len(path) {
			t.Errorf("%s: Level = %d, path has %d parts", e.Code, e.Level, len(path))
		}
	}
	want := seedPaths(seedCategories)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("categories mismatch (-seed +default):\n%s", diff)
	}
	// Every seed path is found by LookupPath with the Chinese names.
	for _, p := range want {
		if _, err := cats.LookupPath(strings.Split(p, " / ")...); err != nil {
			t.Errorf("LookupPath(%s): %v", p, err)
		}
	}
}

// seedSystems is seed 000 §6.3 (类别, 子类别 N/A throughout).
const seedSystems = `
核心系统
	六期交易系统
	六期业务系统
	会展灾备系统
	新风控系统
	统一开户系统
	电子出入金系统
	RTT系统
	交易所网站系统
	会员服务系统
	邮件订阅系统
	电子仓单系统
非核心系统
	模拟交易系统
	期权模拟系统
	会员测试系统
	开发商测试系统
	协作平台系统
	所内日志系统
	办公OA系统
	办公内网邮件系统
	办公外网邮件系统
	车辆管理系统
	黑莓管理系统
	IT运行监控系统
	办公防病毒系统
	交易大厅
	业务终端
	KVM系统
	GPS时间源系统
	门禁系统
	安防系统
	集控系统
核心网络
	交易网
	网站网
非核心网络
	办公内网
	办公外网
	开发测试网
	证监会机密网
`

func TestDefaultSystemsMatchSeed(t *testing.T) {
	t.Parallel()
	sys := codes.DefaultTables().Systems()
	var got []string
	for _, g := range sys.Groups() {
		got = append(got, g.Name.ZH)
		checkEnglish(t, "systems", g.Name)
		for _, s := range g.Systems {
			got = append(got, g.Name.ZH+" / "+s.Name.ZH)
			checkEnglish(t, "systems", s.Name)
			e, err := sys.Lookup(s.Code)
			if err != nil || e.Group != g.Code || e.Name != s.Name {
				t.Errorf("Lookup(%s) = %+v, %v; want it in group %s", s.Code, e, err, g.Code)
			}
		}
	}
	if diff := cmp.Diff(seedPaths(seedSystems), got); diff != "" {
		t.Errorf("owning systems mismatch (-seed +default):\n%s", diff)
	}
	if n := len(sys.Entries()); n != 37 {
		t.Errorf("%d systems, seed 000 §6.3 lists 37", n)
	}
}
