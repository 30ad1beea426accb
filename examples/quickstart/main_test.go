package main

import "os"

// Example_run checks the narrative the program prints.
func Example_run() {
	if err := run(os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// Incidents registered at the service desk, classified with the default tables.
	//
	// IM250303000001  Core trading network down: no member can trade
	//   id:       kind IM, opened 2025-03-03, no. 1 of the day
	//   source:   监控系统 (Monitoring system)
	//   system:   交易网 (Trading network)
	//   category: 硬件类 / 网络设备类 / 交换机 (hardware.network.switch)
	//   impact:   高 (High): More than 70% of users are affected
	//   urgency:  紧急 (Critical): needed back within 1 h
	//   priority: P1 特大事件 / Critical (major incident: notify the incident manager and start the emergency process)
	//
	// IM250303000002  Office mail slow for the whole building
	//   id:       kind IM, opened 2025-03-03, no. 2 of the day
	//   source:   电话 (Phone)
	//   system:   办公内网邮件系统 (Office intranet mail system)
	//   category: 软件类 / 应用软件类 (software.application)
	//   impact:   中 (Medium): More than 20% of users are affected
	//   urgency:  高 (High): needed back within 2 h
	//   priority: P3 较大事件 / Significant
	//
	// IM250303000003  A keyboard on the trading floor has a sticky key
	//   id:       kind IM, opened 2025-03-03, no. 3 of the day
	//   source:   EMAIL (E-mail)
	//   system:   交易大厅 (Trading floor)
	//   category: 交易大厅 / 硬件类 / 键盘 (trading_floor.hardware.keyboard)
	//   impact:   低 (Low): Users' business may be affected
	//   urgency:  低 (Low): needed back within 8 h
	//   priority: P4 普通事件 / Normal
	//
	// IM250304000001  Website unreachable from the internet
	//   id:       kind IM, opened 2025-03-04, no. 1 of the day
	//   source:   巡检自发现 (Found in inspection)
	//   system:   交易所网站系统 (Exchange website system)
	//   category: 软件类 / 应用软件类 (software.application)
	//   impact:   高 (High): More than 70% of users are affected
	//   urgency:  高 (High): needed back within 2 h
	//   priority: P2 重大事件 / Major (major incident: notify the incident manager and start the emergency process)
}
