package main

import "os"

// Example_run checks the whole report the program prints: the month is
// simulated from a fixed seed, so it is the same on every run.
func Example_run() {
	if err := run(os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// A month at the service desk: November 2025, Beijing
	// ---------------------------------------------------
	// 289 incidents registered, 7 of them duplicates of another
	// 58 resolved by the service desk at once, 34 escalated to L2, 8 of those to a vendor (L3)
	// 16 resolutions rejected by the requester and continued as a new ticket
	// 23 still open when the month ended
	//
	// The key indicators (kpi.Report.WriteText)
	// -----------------------------------------
	// Tickets registered from 2025-11-01 00:00 CST to 2025-12-01 00:00 CST; unresolved ones counted at 2025-12-01 00:00 CST.
	//
	//                tickets  dup      closed  successful   overdue  overdue unresolved      major  first time  problem raised  desk resolved  response  resolution  third party  satisfaction  responded on time  resolved in time  escalated  escalated to tiers  management  on site in time  dispatch  knowledge used
	// All tickets        282    7  259  91.8%  243  86.2%  50 17.7%                   3  16   5.7%  266  94.3%        11  3.9%  57/245  23.3%     6h29m     1d17h6m     6d23h46m          2.54         265  94.0%         193 68.4%  34  12.1%              0/33/9      0 0.0%            0/0 -         -          0 0.0%
	// By priority
	//   P1                 6    0    6 100.0%    6 100.0%   1 16.7%                   0   6 100.0%    6 100.0%         0  0.0%     1/6  16.7%     12m7s      56m29s            -          2.67           6 100.0%           5 83.3%   1  16.7%               0/1/0      0 0.0%            0/0 -         -          0 0.0%
	//   P2                10    0   10 100.0%    9  90.0%   4 40.0%                   0  10 100.0%    9  90.0%         0  0.0%     2/9  22.2%      2h5m       2h59m            -          2.56           9  90.0%           5 50.0%   1  10.0%               0/1/0      0 0.0%            0/0 -         -          0 0.0%
	//   P3               110    2  105  95.5%   95  86.4%  41 37.3%                   2   0   0.0%  100  90.9%         6  5.5%   23/95  24.2%      5h3m      13h58m      4d4h38m          2.56         102  92.7%          54 49.1%  14  12.7%              0/14/3      0 0.0%            0/0 -         -          0 0.0%
	//   P4                90    1   80  88.9%   77  85.6%   2  2.2%                   0   0   0.0%   87  96.7%         3  3.3%   19/78  24.4%     5h34m    1d18h49m      6d1h10m          2.49          86  95.6%          75 83.3%  10  11.1%               0/9/3      0 0.0%            0/0 -         -          0 0.0%
	//   P5                66    4   58  87.9%   56  84.8%   2  3.0%                   1   0   0.0%   64  97.0%         2  3.0%   12/57  21.1%    11h16m    3d22h14m     11d4h48m          2.55          62  93.9%          54 81.8%   8  12.1%               0/8/3      0 0.0%            0/0 -         -          0 0.0%
	// By group
	//   apps             103    0   97  94.2%   90  87.4%  19 18.4%                   0   7   6.8%   96  93.2%         5  4.9%    0/91   0.0%      6h3m       1d18h            -          2.56          98  95.1%          71 68.9%   0   0.0%               0/0/0      0 0.0%            0/0 -         -          0 0.0%
	//   database          37    0   33  89.2%   31  83.8%   2  5.4%                   0   0   0.0%   35  94.6%         1  2.7%    0/32   0.0%     8h55m    2d18h10m            -          2.35          35  94.6%          29 78.4%   0   0.0%               0/0/0      0 0.0%            0/0 -         -          0 0.0%
	//   network           43    0   37  86.0%   35  81.4%   9 20.9%                   0   3   7.0%   41  95.3%         3  7.0%    0/35   0.0%     5h35m     1d2h55m            -          2.49          42  97.7%          26 60.5%   0   0.0%               0/0/0      0 0.0%            0/0 -         -          0 0.0%
	//   platform          27    0   26  96.3%   24  88.9%  12 44.4%                   1   3  11.1%   25  92.6%         0  0.0%    0/24   0.0%      8h4m     2d6h43m        1d17m          2.50          26  96.3%          12 44.4%  26  96.3%              0/25/1      0 0.0%            0/0 -         -          0 0.0%
	//   servicedesk       60    0   60 100.0%   57  95.0%   2  3.3%                   0   3   5.0%   57  95.0%         1  1.7%   57/57 100.0%     4h46m       6h50m            -          2.67          58  96.7%          55 91.7%   0   0.0%               0/0/0      0 0.0%            0/0 -         -          0 0.0%
	//   vendor             8    0    6  75.0%    6  75.0%   6 75.0%                   2   0   0.0%    8 100.0%         1 12.5%     0/6   0.0%     13h7m    10d7h45m     7d23h41m          2.50           6  75.0%           0  0.0%   8 100.0%               0/8/8      0 0.0%            0/0 -         -          0 0.0%
	//   (none)             4    7    0   0.0%    0   0.0%   0  0.0%                   0   0   0.0%    4 100.0%         0  0.0%     0/0      -         -           -            -             -           0   0.0%           0  0.0%   0   0.0%               0/0/0      0 0.0%            0/0 -         -          0 0.0%
	//
	// Read from Go
	// ------------
	// successfully closed     243 of 282 tickets (86.2%)
	// never reopened          94.3% (first-time resolution); resolved by the service desk 23.3%
	// overdue                 50 resolved late, 3 past due and unresolved at the month's end
	// mean resolution         41h06m from registration; a vendor's 167h46m from the hand-over to L3
	//   P1:   6 tickets, mean response    12m, mean resolution     56m
	//   P2:  10 tickets, mean response  2h05m, mean resolution   2h59m
	//   P3: 110 tickets, mean response  5h03m, mean resolution  13h58m
	//   P4:  90 tickets, mean response  5h34m, mean resolution  42h49m
	//   P5:  66 tickets, mean response 11h16m, mean resolution  94h14m
	//
	// CSV (kpi.Report.WriteCSV), the first lines
	// ------------------------------------------
	// dimension,key,tickets,duplicates,closed,closed_rate,successful,successful_rate,overdue,overdue_rate,overdue_unresolved,major,major_rate,first_time,first_time_rate,problem_raised,problem_raised_rate,responded,response_mean_seconds,resolved,resolution_mean_seconds,service_desk,service_desk_rate,third_party,third_party_mean_seconds,rated,satisfaction_mean,responded_on_time,responded_on_time_rate,resolved_in_time,resolved_in_time_rate,escalated,escalated_rate,escalated_l1,escalated_l2,escalated_l3,management,management_rate,on_site,on_site_in_time,on_site_in_time_rate,dispatched,dispatch_mean_seconds,knowledge_used,knowledge_used_rate
	// all,,282,7,259,0.9184397163120568,243,0.8617021276595744,50,0.1773049645390071,3,16,0.05673758865248227,266,0.9432624113475178,11,0.03900709219858156,278,23331.982969853,245,147981.58984178,57,0.23265306122448978,7,603948.186081558,243,2.539094650205761,265,0.9397163120567376,193,0.6843971631205674,34,0.12056737588652482,0,33,9,0,0,0,0,,0,,0,0
	// priority,P1,6,0,6,1,6,1,1,0.16666666666666666,0,6,1,6,1,0,0,6,727.068327441,6,3389.020669109,1,0.16666666666666666,0,,6,2.6666666666666665,6,1,5,0.8333333333333334,1,0.16666666666666666,0,1,0,0,0,0,0,,0,,0,0
	//
	// JSON (encoding/json), two figures of the total
	// ----------------------------------------------
	// {"count":259,"of":282,"rate":0.9184397163120568}
	// {"count":7,"seconds":603948.186081558}
}
