package codes_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/itsmkit/itsm/codes"
)

func ExampleNewID() {
	day := time.Date(2009, 2, 24, 10, 30, 0, 0, time.UTC)
	id, err := codes.NewID(codes.KindIncident, day, 1)
	if err != nil {
		panic(err)
	}
	fmt.Println(id)
	// Output: IM090224000001
}

func ExampleParseID() {
	id, err := codes.ParseID("IM090224000001")
	if err != nil {
		panic(err)
	}
	y, m, d := id.Date()
	fmt.Println(id.Kind(), y, m, d, id.Seq())

	// A date that does not exist is rejected.
	_, err = codes.ParseID("IM090230000001")
	fmt.Println(err)
	fmt.Println(errors.Is(err, codes.ErrInvalidID))
	// Output:
	// IM 2009 February 24 1
	// codes: invalid id "IM090230000001": day 2009-02-30 does not exist
	// true
}

func ExampleMatrix_Priority() {
	m := codes.DefaultMatrix()
	priorities := codes.DefaultTables().Priorities()
	for _, u := range m.Urgencies() {
		for _, i := range m.Impacts() {
			p, err := m.Priority(i.Code, u.Code)
			if err != nil {
				panic(err)
			}
			e, _ := priorities.Lookup(p)
			fmt.Printf("urgency %-8s (%s) impact %-6s → %s %s, major: %v\n", u.Code, u.Time, i.Code, p, e.Name.EN, p.Major())
		}
	}
	// Output:
	// urgency critical (1h0m0s) impact high   → P1 Critical, major: true
	// urgency critical (1h0m0s) impact medium → P2 Major, major: true
	// urgency critical (1h0m0s) impact low    → P3 Significant, major: false
	// urgency high     (2h0m0s) impact high   → P2 Major, major: true
	// urgency high     (2h0m0s) impact medium → P3 Significant, major: false
	// urgency high     (2h0m0s) impact low    → P3 Significant, major: false
	// urgency medium   (4h0m0s) impact high   → P3 Significant, major: false
	// urgency medium   (4h0m0s) impact medium → P4 Normal, major: false
	// urgency medium   (4h0m0s) impact low    → P4 Normal, major: false
	// urgency low      (8h0m0s) impact high   → P3 Significant, major: false
	// urgency low      (8h0m0s) impact medium → P4 Normal, major: false
	// urgency low      (8h0m0s) impact low    → P4 Normal, major: false
}

func ExampleLoadTables() {
	// An organisation with its own statuses and a 2×2 matrix; every table
	// the document leaves out keeps its default.
	tables, err := codes.LoadTables([]byte(`
statuses:
- code: open
  name: {zh: 处理中, en: Open}
- code: done
  name: {zh: 完成, en: Done}
matrix:
  impacts:
  - {code: everyone, name: {zh: 全体用户, en: Everyone}}
  - {code: some, name: {zh: 部分用户, en: Some users}}
  urgencies:
  - {code: now, name: {zh: 立即, en: Now}, time: 30m}
  - {code: today, name: {zh: 当天, en: Today}, time: 8h}
  priorities:
    now:   {everyone: P1, some: P2}
    today: {everyone: 3, some: 4}
`))
	if err != nil {
		panic(err)
	}
	fmt.Println(tables.Statuses().Codes())
	p, _ := tables.Matrix().Priority("some", "now")
	fmt.Println(p)
	src, _ := tables.Sources().Lookup(codes.SourceMonitoring)
	fmt.Println(src.Name)

	// A malformed table reports every problem, with its entry and field.
	_, err = codes.LoadTables([]byte(`
statuses:
- {code: open, name: {zh: 处理中, en: Open}}
- {code: open, name: {zh: 完成, en: ""}}
matrix:
  impacts: [{code: everyone, name: {zh: 全体用户, en: Everyone}}]
  urgencies: [{code: now, name: {zh: 立即, en: Now}}, {code: today, name: {zh: 当天, en: Today}}]
  priorities:
    now: {everyone: 7}
`))
	fmt.Println(err)
	// Output:
	// [open done]
	// P2
	// 监控系统 (Monitoring system)
	// codes: invalid table: 4 problems:
	// 	matrix.priorities: now.everyone is 7, want 1 to 5 (P1 to P5)
	// 	matrix.priorities: has no row for urgency "today"
	// 	statuses[1] "open": code duplicates statuses[0]
	// 	statuses[1] "open": name.en is empty
}

func ExampleCategories_LookupPath() {
	cats := codes.DefaultTables().Categories()
	e, err := cats.LookupPath("硬件类", "网络设备类", "防火墙")
	if err != nil {
		panic(err)
	}
	fmt.Println(e.Code, e.Name, e.Level)

	_, err = cats.Lookup("hardware.network.modem")
	fmt.Println(err)
	// Output:
	// hardware.network.firewall 防火墙 (Firewall) 3
	// codes: unknown code "hardware.network.modem" in categories
}
