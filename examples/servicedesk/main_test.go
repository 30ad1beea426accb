package main

import "os"

// Example_run checks the narrative the program prints.
func Example_run() {
	if err := run(os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// Service desk, Monday 2025-11-17, Beijing time (CST)
	//
	// Up the tiers: service desk → L1 → L2 → L3
	// -----------------------------------------
	// IM251117000001  Expense claims stuck in OA approval (P3), occurred 08:40, reported by Li Lei of Finance
	//          knowledge base suggests known_error KE0042: OA approvals stall after a workflow engine upgrade
	// 09:00  register   registered   Service desk       -
	//          response   not started goal 30m
	//          resolution not started goal 3h
	// 09:05  assign     assigned     Service desk       zhang (service desk)
	//          response   running     0s of 30m, due Mon 09:35 CST
	//          resolution not started goal 3h
	// 09:10  start      in_progress  Service desk       zhang (service desk)
	//          response   met         5m of 30m, due Mon 09:35 CST
	//          resolution running     0s of 3h, due Mon 13:40 CST
	// 09:25  escalate   assigned     L1                 wang (desktop)
	//          response   met         5m of 30m, due Mon 09:35 CST
	//          resolution running     15m of 3h, due Mon 13:40 CST
	// 09:35  start      in_progress  L1                 wang (desktop)
	//          response   met         5m of 30m, due Mon 09:35 CST
	//          resolution running     25m of 3h, due Mon 13:40 CST
	// 10:10  escalate   assigned     L2                 chen (oa platform)
	//          response   met         5m of 30m, due Mon 09:35 CST
	//          resolution running     1h of 3h, due Mon 13:40 CST
	// 10:20  start      in_progress  L2                 chen (oa platform)
	//          response   met         5m of 30m, due Mon 09:35 CST
	//          resolution running     1h10m of 3h, due Mon 13:40 CST
	// 11:00  escalate   assigned     L3 (vendor)        liu (oa vendor)
	//          response   met         5m of 30m, due Mon 09:35 CST
	//          resolution running     1h50m of 3h, due Mon 13:40 CST
	// 11:10  start      in_progress  L3 (vendor)        liu (oa vendor)
	//          response   met         5m of 30m, due Mon 09:35 CST
	//          resolution running     2h of 3h, due Mon 13:40 CST
	// 11:10  escalate   refused: incident: invalid command: escalate: tier: "l3" is the last tier
	//
	// A duplicate
	// -----------
	// 11:15  IM251117000002  Cannot submit my expense claim (P4), another caller
	// 11:15  IM251117000002  duplicate of IM251117000001, closed (rejected)
	//
	// Work split between two groups
	// -----------------------------
	// 11:20  liu splits the work into 2 tasks
	//          task 1  Apply the workflow engine hotfix  liu (oa vendor)    open
	//          task 2  Resubmit the stuck claims         chen (oa platform) open
	// 11:30  IM251117000001-T01 taken up
	// 13:50  IM251117000001-T01 resolved
	// 14:00  IM251117000001-T01 closed
	// 14:10  resolve    refused: incident: transition refused: cannot resolve: 1 task(s) still open
	//          errors.Is(err, incident.ErrGuard) = true
	//          errors.As(err, &guard): Event "resolve", Reason "1 task(s) still open"
	// 14:30  IM251117000001-T02 closed
	//          task 1  Apply the workflow engine hotfix  liu (oa vendor)    closed 14:00 (l3)
	//          task 2  Resubmit the stuck claims         chen (oa platform) closed 14:30 (l2)
	// 14:35  resolve    resolved     L3 (vendor)        liu (oa vendor)
	//          response   met         5m of 30m, due Mon 09:35 CST
	//          resolution breached    3h55m of 3h, due Mon 13:40 CST
	//
	// The requester rejects the solution
	// ----------------------------------
	// 15:00  IM251117000001  closed (unresolved), reopened as IM251117000003
	// 15:00  IM251117000003  reopens IM251117000001
	// 15:00  reject     assigned     L3 (vendor)        liu (oa vendor)
	//          response   running     0s of 30m, due Mon 15:30 CST
	//          resolution not started goal 3h
	// 15:10  start      in_progress  L3 (vendor)        liu (oa vendor)
	//          response   met         10m of 30m, due Mon 15:30 CST
	//          resolution running     0s of 3h, due Tue 09:10 CST
	// 16:30  resolve    resolved     L3 (vendor)        liu (oa vendor)
	//          response   met         10m of 30m, due Mon 15:30 CST
	//          resolution met         1h20m of 3h, due Tue 09:10 CST
	// 16:30  root cause: the upgrade dropped the approval limit table; vendor at fault: OA vendor; 1h20m spent
	// 16:30  solution from KE0042, offered to the knowledge base: offered as KB000001
	// 17:00  confirm    refused: incident: not allowed: liu may not confirm: only desk.zhang, who registered the ticket, closes it (whoever opens a ticket closes it)
	// 17:00  confirm    closed       L3 (vendor)        liu (oa vendor)
	//          response   met         10m of 30m, due Mon 15:30 CST
	//          resolution met         1h20m of 3h, due Tue 09:10 CST
	//
	// Handed to problem management
	// ----------------------------
	// 17:10  PM251117000001 raised for IM251117000003 (IM251117000003 links to PM251117000001)
	// 17:10  raise again refused: incident: a problem is raised for the incident already: IM251117000003 has PM251117000001
	//
	// Working time each tier held IM251117000001
	// ------------------------------------------
	//   Service desk  25m    服务台
	//   L1            45m    一线
	//   L2            50m    二线
	//   L3            2h5m   三线
	//   escalated 3 times, reassigned 0 times; vendor involved: true
	//
	// Routed, claimed, the requester told, management told
	// ----------------------------------------------------
	// 17:10  register   IM251117000004 P2: assignment rule network
	// 17:10  route      assigned     Service desk        (network)
	//          response   running     0s of 10m, due Mon 17:20 CST
	//          resolution not started goal 30m
	// 17:10  notify     requester.registered → zhou.min
	// 17:10  queue      network, unassigned: 1 ticket(s), first IM251117000004
	// 17:12  claim      refused: incident: not allowed: chen may not claim: chen is not a member of network, whose queue holds the ticket
	// 17:12  claim      assigned     Service desk       sun (network)
	//          response   running     2m of 10m, due Mon 17:20 CST
	//          resolution not started goal 30m
	// 17:40  notify     management → feng (service manager), chu (service director)
	// 17:40             escalation to management: a spare switch must be bought tonight; notify service_manager, service_director
	//   claimed, not reassigned: reassigned 0 times
}
