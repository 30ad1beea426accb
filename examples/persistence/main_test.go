package main

import "os"

// Example_run checks the narrative the program prints on SQLite, with
// PostgreSQL left out.
func Example_run() {
	if err := run(os.Stdout, ""); err != nil {
		panic(err)
	}
	// Output:
	// SQLite: tickets.db in a temporary directory
	// -------------------------------------------
	// IM251117000001  Office mail slow for the whole building (P3)
	// 09:00  register  registered   version 1
	// 09:10  assign    assigned     version 2
	// 09:30  start     in_progress  version 3
	// 13:50  resolve   resolved     version 4
	// 14:30  confirm   closed       version 5
	// database closed
	// database opened again with a fresh Store
	//
	// IM251117000001  closed, P3, Office mail slow for the whole building
	//   assignee wang (mail), tier l1, closure l1, satisfaction very_good, version 5
	//   response   planned Mon 09:40 CST, actual Mon 09:30 CST, on time: yes
	//   resolution planned Mon 14:00 CST, actual Mon 13:50 CST, on time: yes
	//   activity log:
	//     1  Mon 09:00 CST  desk.zhang register  → registered
	//     2  Mon 09:10 CST  desk.zhang assign    → assigned
	//     3  Mon 09:30 CST  wang       start     → in_progress
	//     4  Mon 13:50 CST  wang       resolve   → resolved
	//     5  Mon 14:30 CST  desk.zhang confirm   → closed
	// the next ticket registered today is IM251117000002
	// removed tickets.db and its directory
	//
	// PostgreSQL skipped: set ITSM_POSTGRES_URL to the URL of a database to run the same there
}
