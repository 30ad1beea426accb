package slatest_test

import (
	"encoding/json"
	"fmt"

	"github.com/itsmkit/itsm/sla/slatest"
)

// A team keeps its policy and calendar in files of its own
// (testdata/team/policy.yaml, berlin.yaml) and names them in its scenario
// file, testdata/team/sla.yaml:
//
//	policy: policy.yaml
//	calendars:
//	  office: berlin.yaml
//	scenarios:
//	- name: P3 registered before Easter
//	  ...
//
// In a test, slatest.RunFile(t, "testdata/team/sla.yaml") runs every
// scenario as a subtest; outside a test, Load and Check give the outcomes.
func ExampleLoad() {
	scenarios, err := slatest.Load("testdata/team/sla.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range scenarios {
		r, err := s.Check()
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: passed %v\n", s.Name, r.Passed())
	}
	r, _ := scenarios[0].Check()
	got, _ := json.Marshal(r.Got[1])
	fmt.Println(string(got))

	// A misspelt target is an error, not a check that can never fail.
	s := scenarios[0]
	s.Checks = []slatest.Check{{At: "2026-04-02 15:00", Target: "respnse", State: "running"}}
	_, err = s.Check()
	fmt.Println(err)
	// Output:
	// P3 registered before Easter: passed true
	// P3 pending over Easter: passed true
	// {"at":"2026-04-02 15:00","target":"resolution","state":"running","deadline":"2026-04-07 15:00"}
	// slatest: scenario "P3 registered before Easter": checks[0].target: "respnse" is not a target of the policy, whose targets are "response" and "resolution"
}
