package main

import "os"

// Example_run checks the narrative the program prints.
func Example_run() {
	if err := run(os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// The policy in policy.yaml
	// -------------------------
	// "service desk": valid, 0 warnings
	//   vip major  response 10m (24x7), resolution 2h (24x7)
	//   P1         response 15m, resolution 2h
	//   P2         response 30m, resolution 4h
	//   P3         response 1h, resolution 16h
	//   P4 and P5  response 4h, resolution 40h
	//
	// A malformed policy
	// ------------------
	// errors.Is(err, sla.ErrInvalidPolicy) = true; 7 problems:
	//   versions[0].order                          unknown order "best" (want "first" or "specific")
	//   versions[0].targets[0].calendar            unknown calendar "moon"
	//   versions[0].targets[0].stop                at least one condition is required
	//   versions[0].targets[0].stages[0].percent   must be between 0 and 100 (exclusive)
	//   versions[0].targets[1].start[0].status     unknown status "opened"
	//   versions[0].rules[0].goals[0].goal         must be positive
	//   versions[0].rules[0].goals[1].target       unknown target "fix"
	// A misspelt key is refused with the rest:
	//   versions[0].targets[0].calender            unknown key (did you mean calendar?)
	//   versions[0].targets[0].start               at least one condition is required
	//   versions[0].targets[0].stop                at least one condition is required
	//
	// Scenarios in scenarios.yaml
	// ---------------------------
	// PASS  P3 registered Friday afternoon is due Tuesday
	// PASS  a VIP's P1 on Saturday night counts round the clock
	// PASS  anyone else's P1 on Saturday night waits for Monday
	// PASS  waiting for the customer pauses the clock
	// PASS  a P4 across Golden Week, the make-up Saturday worked
	// FAIL  wrong on purpose, a deadline on the wall clock
	//       at 2025-11-14 16:30, resolution:
	//         want deadline 2025-11-15 08:30
	//         got  deadline 2025-11-18 17:30
	// 5 of 6 scenarios pass
	//
	// sla.Explain: a P4 across Golden Week, the make-up Saturday worked, at Fri 10-10 12:00 CST
	// -----------------------------------------------------------------------------------------
	//   Tue 09-30 17:00 – Tue 09-30 18:00  counted               1h
	//   Tue 09-30 18:00 – Wed 10-01 00:00  outside working hours
	//   Wed 10-01 00:00 – Thu 10-09 00:00  holiday                      中秋节、国庆节 Mid-Autumn Festival and National Day
	//   Thu 10-09 00:00 – Thu 10-09 09:00  outside working hours
	//   Thu 10-09 09:00 – Thu 10-09 11:00  counted               2h
	//   Thu 10-09 11:00 – Fri 10-10 10:00  paused                6h30m  pending
	//   Fri 10-10 10:00 – Fri 10-10 12:00  counted               2h
	//   resolution under rule "P4 and P5": running, 5h of 40h counted, 6h30m paused, due Thu 2025-10-16 09:30 CST
}
