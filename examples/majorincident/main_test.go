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
	// 09:00  mail requester.registered     level 0 → ma (trading floor)
	// 09:03  assigned to chen (network, L2)
	// 09:05  mail ladder.p1                level 0 → zhou (support lead)
	// 09:07  mail stage.response           level 0 → sun (network post), qian (network lead)
	// 09:08  mail notify.p1p2.response     level 0 → zhao (incident manager), qian (network lead), sun (network post), li (centre head)
	// 09:08  mail breach.response.p1p2     level 0 → zhao (incident manager), li (centre head)
	// 09:10  mail ladder.p1                level 1 → zhao (incident manager)
	// 09:12  chen starts work: responded, late
	// 09:20  mail server down: ladder.p1 not sent
	// 09:21  mail ladder.p1                level 2 → wu (service manager) (again, attempt 2)
	// 09:30  mail ladder.p1                level 3 → zheng (service director)
	// 09:45  mail ladder.p1                level 4 → wang (CIO)
	// 09:50  chen resolves it
	// 09:50  mail requester.resolved       level 0 → ma (trading floor)
	//
	// The engine's ledger in the activity log of IM251117000001:
	//    2  09:00  escalation            notify.p1p2.registered/0/1/0
	//    3  09:00  escalation            requester.registered/0/1/0
	//    4  09:00  escalation.delivered  notify.p1p2.registered/0/1/0/delivered
	//    5  09:00  escalation.delivered  requester.registered/0/1/0/delivered
	//    7  09:05  escalation            ladder.p1/0/1/0
	//    8  09:05  escalation.delivered  ladder.p1/0/1/0/delivered
	//    9  09:07  escalation            stage.response/0/1/0
	//   10  09:07  escalation.delivered  stage.response/0/1/0/delivered
	//   11  09:08  escalation            notify.p1p2.response/0/1/0
	//   12  09:08  escalation            breach.response.p1p2/0/1/0
	//   13  09:08  escalation.delivered  notify.p1p2.response/0/1/0/delivered
	//   14  09:08  escalation.delivered  breach.response.p1p2/0/1/0/delivered
	//   15  09:10  escalation            ladder.p1/1/1/0
	//   16  09:10  escalation.delivered  ladder.p1/1/1/0/delivered
	//   18  09:20  escalation            ladder.p1/2/1/0
	//   19  09:21  escalation.retry      ladder.p1/2/1/0/retry/1
	//   20  09:21  escalation.delivered  ladder.p1/2/1/0/delivered
	//   21  09:30  escalation            ladder.p1/3/1/0
	//   22  09:30  escalation.delivered  ladder.p1/3/1/0/delivered
	//   23  09:45  escalation            ladder.p1/4/1/0
	//   24  09:45  escalation.delivered  ladder.p1/4/1/0/delivered
	//   27  09:50  escalation            requester.resolved/0/1/0
	//   28  09:50  escalation.delivered  requester.resolved/0/1/0/delivered
}
