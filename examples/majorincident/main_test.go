package main

import "os"

// Example_run checks the narrative the program prints.
func Example_run() {
	if err := run(os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// IM251117000001  Core switch down in the data centre (P1), Monday 2025-11-17, Beijing time
	//
	// 09:00  registered
	// 09:00  mail notify.p1p2.registered   level 0 → zhao (incident manager), qian (network lead), sun (network post), li (centre head)
	// 09:03  assigned to chen (network, L2)
	// 09:05  mail ladder.p1                level 0 → zhou (support lead)
	// 09:08  mail notify.p1p2.response     level 0 → zhao (incident manager), qian (network lead), sun (network post), li (centre head)
	// 09:10  mail ladder.p1                level 1 → zhao (incident manager)
	// 09:12  chen starts work: responded, late
	// 09:20  mail server down: ladder.p1 not sent
	// 09:21  mail ladder.p1                level 2 → wu (service manager) (again, attempt 2)
	// 09:30  mail ladder.p1                level 3 → zheng (service director)
	// 09:45  mail ladder.p1                level 4 → wang (CIO)
	// 09:50  chen resolves it
	//
	// The engine's ledger in the activity log of IM251117000001:
	//    2  09:00  escalation            notify.p1p2.registered/0/1/0
	//    3  09:00  escalation.delivered  notify.p1p2.registered/0/1/0/delivered
	//    5  09:05  escalation            ladder.p1/0/1/0
	//    6  09:05  escalation.delivered  ladder.p1/0/1/0/delivered
	//    7  09:08  escalation            notify.p1p2.response/0/1/0
	//    8  09:08  escalation.delivered  notify.p1p2.response/0/1/0/delivered
	//    9  09:10  escalation            ladder.p1/1/1/0
	//   10  09:10  escalation.delivered  ladder.p1/1/1/0/delivered
	//   12  09:20  escalation            ladder.p1/2/1/0
	//   13  09:21  escalation.retry      ladder.p1/2/1/0/retry/1
	//   14  09:21  escalation.delivered  ladder.p1/2/1/0/delivered
	//   15  09:30  escalation            ladder.p1/3/1/0
	//   16  09:30  escalation.delivered  ladder.p1/3/1/0/delivered
	//   17  09:45  escalation            ladder.p1/4/1/0
	//   18  09:45  escalation.delivered  ladder.p1/4/1/0/delivered
}
