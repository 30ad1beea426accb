package codes

import "time"

// This file holds the default data of every table, in Chinese as the
// process documents write it and in English. Each function returns a new
// copy. Section numbers refer to the seed process documents: seed 000 (an
// exchange's incident management process), seed 001 (an ISO 20000 process
// manual) and seed 003 (a cloud provider's incident process).

// DefaultConfig returns the data of the default tables, a new deep copy on
// every call: change it and pass it to NewTables to derive your own tables.
func DefaultConfig() Config {
	matrix := defaultMatrix()
	return Config{
		Kinds:         defaultKinds(),
		Priorities:    defaultPriorities(),
		Matrix:        &matrix,
		Statuses:      defaultStatuses(),
		ClosureCodes:  defaultClosureCodes(),
		Sources:       defaultSources(),
		Natures:       defaultNatures(),
		Satisfaction:  defaultSatisfaction(),
		ResolverRoles: defaultResolverRoles(),
		Tiers:         defaultTiers(),
		Categories:    defaultCategories(),
		Systems:       defaultSystems(),
	}
}

// defaultKinds: seed 000 §6.1 item 1.
func defaultKinds() []Entry[Kind] {
	return []Entry[Kind]{
		{Code: KindIncident, Name: Name{ZH: "事件", EN: "Incident"}},
		{Code: KindServiceRequest, Name: Name{ZH: "服务请求", EN: "Service request"}},
		{Code: KindProblem, Name: Name{ZH: "问题", EN: "Problem"}},
		{Code: KindChange, Name: Name{ZH: "变更", EN: "Change"}},
	}
}

// defaultPriorities: seed 000 §6.5, the tables 优先级 (names) and 影响程度
// (descriptions, verbatim; level n is priority Pn).
func defaultPriorities() []PriorityEntry {
	return []PriorityEntry{
		{
			Priority: P1,
			Name:     Name{ZH: "特大事件", EN: "Critical"},
			Description: Name{
				ZH: `因部门原因,导致重要业务系统出现异常,系统恢复时间(RTO-Recovery Time Objective)在30 分钟以上,影响所有客户:
1. 交易主机因非应用软件原因宕机,导致核心交易中断。
2. 交易核心网络故障,导致所有交易大厅或所有远程会员无法联通交易。
3. 数据库故障导致交易、结算、行情数据发生严重错误,影响所有会员。
4. 信息安全原因导致核心交易中断。
5. 应用软件的日常维护、启停原因,导致核心交易中断。
6. 因病毒、攻击、拥堵等使系统异常,给市场或客户造成可感知的影响,且交易时段2 个小时内没有恢复。
7. 业务数据完整性被破坏,且在1 个交易日内没有修复。
8. 通信线路发生故障,对业务造成严重影响,10%以上会员无法正常交易,且在1 个交易日系统没有恢复正常。
9. 灾害事故(停电、水灾、火灾等)发生后,重要业务系统在一个交易日系统没有恢复正常。
10. 网站上出现有害信息,且未能及时删除、屏蔽或未能保留审计线索的。
11. 其他因部门原因,导致核心交易中断。`,
				EN: `Caused within the department, an important business system fails and takes more than 30 minutes to recover (RTO, Recovery Time Objective), affecting all customers:
1. A trading host goes down for reasons other than application software, interrupting core trading.
2. A fault in the core trading network leaves all trading floors or all remote members unable to connect and trade.
3. A database fault causes serious errors in trading, settlement or market data, affecting all members.
4. An information security incident interrupts core trading.
5. Routine maintenance, start-up or shutdown of application software interrupts core trading.
6. Viruses, attacks, congestion or the like make a system fail with an impact the market or customers can perceive, not recovered within 2 hours of trading time.
7. The integrity of business data is damaged and not repaired within 1 trading day.
8. A communication line fails with serious impact on the business: more than 10% of members cannot trade normally, and the system is not back to normal within 1 trading day.
9. After a disaster (power cut, flood, fire, etc.), an important business system is not back to normal within one trading day.
10. Harmful content appears on the website and is not promptly deleted or blocked, or no audit trail is kept.
11. Any other cause within the department interrupts core trading.`,
			},
		},
		{
			Priority: P2,
			Name:     Name{ZH: "重大事件", EN: "Major"},
			Description: Name{
				ZH: `因部门原因,导致重要业务系统出现异常,系统恢复时间(RTO-Recovery Time Objective)在30 分钟以内,影响所有客户:
1. 因病毒、攻击、拥堵等使系统异常,给市场或客户造成可感知的影响,但交易时段2 个小时内恢复的。
2. 系统数据完整性被破坏,但在1 个交易日内能够修复的。
3. 灾害事故(停电、水灾、火灾等)发生后,重要业务系统能在1 个交易日恢复正常。
4. 网站上出现有害信息,但能及时删除、屏蔽并保留审计线索的。
5. 通信线路发生故障且对业务造成不良影响,10%以上会员无法正常交易,1 个交易日内系统恢复正常。
6. 敏感业务数据泄漏。
7. 机房空调无法正常运转导致部分核心主机运行故障,影响部分会员正常交易。
8. 交易核心或交易所自身远程网络故障导致10%以上会员无法交易。
9. 互联网系统出现非计划性网络中断,所有外部网络不可达,网站系统无法提供服务达2 小时以上。
10. 全部或大部分会员或所有信息公司无法收到行情达2 小时以上。`,
				EN: `Caused within the department, an important business system fails and recovers within 30 minutes (RTO, Recovery Time Objective), affecting all customers:
1. Viruses, attacks, congestion or the like make a system fail with an impact the market or customers can perceive, but it recovers within 2 hours of trading time.
2. The integrity of system data is damaged but can be repaired within 1 trading day.
3. After a disaster (power cut, flood, fire, etc.), important business systems are back to normal within 1 trading day.
4. Harmful content appears on the website but is promptly deleted or blocked and an audit trail is kept.
5. A communication line fails and harms the business: more than 10% of members cannot trade normally; the system is back to normal within 1 trading day.
6. Sensitive business data leaks.
7. Data-centre air conditioning fails, so that some core hosts malfunction and some members cannot trade normally.
8. A fault in the trading core or in the exchange's own remote network leaves more than 10% of members unable to trade.
9. An unplanned outage of the internet systems makes all external networks unreachable and the website unavailable for more than 2 hours.
10. All or most members, or all information vendors, receive no market data for more than 2 hours.`,
			},
		},
		{
			Priority: P3,
			Name:     Name{ZH: "较大事件", EN: "Significant"},
			Description: Name{
				ZH: `主要服务对少部分会员(5%~10%)产生了一定影响。
1. 由于系统、网络、数据库、应用运行、监控、信息安全等原因导致交易系统、结算系统、行情系统故障,致使个别
2. 会员(5%~10%)无法正常交易、接收行情2 小时内没有恢复。
3. 因非行情软件和计划原因导致交易大厅大屏幕行情无法显示或显示错误,一个交易日以上没恢复。
4. 互联网系统出现中断,所有外部网络不可达,达1~2 小时。
5. 交易、交割、结算、监察业务终端出现非软件故障,导致某业务部门所有终端无法进行业务管理操作达1~2 小时。
6. 办公网病毒大规模爆发或邮件系统故障,影响所有员工办公达2~4 小时。`,
				EN: `A main service has some impact on a small share of members (5%~10%).
1. System, network, database, application operation, monitoring, information security or similar causes make the trading, settlement or market data system fail, so that some
2. members (5%~10%) cannot trade or receive market data normally, not recovered within 2 hours.
3. For reasons other than market data software or plans, the big screens of the trading floor show no or wrong market data, not recovered for more than one trading day.
4. The internet systems are interrupted and all external networks unreachable for 1~2 hours.
5. A fault other than software in the trading, delivery, settlement or surveillance terminals leaves all terminals of a business department unable to work for 1~2 hours.
6. A large virus outbreak in the office network or a failure of the mail system affects the work of all staff for 2~4 hours.`,
			},
		},
		{
			Priority: P4,
			Name:     Name{ZH: "普通事件", EN: "Normal"},
			Description: Name{
				ZH: `服务出现问题,但大部分功能仍然可用,影响个别会员(<5%)。
1. 由于系统、网络、数据库、应用运行、监控、信息安全等原因导致交易系统、结算系统、行情系统故障,致使个别
2. 会员无法正常交易、接收行情、收取结算数据延迟,但未超过30 分钟。
3. 我所互联网和办公网系统出现故障:外部网络不可达,但时间小于1 小时;办公网络中断或者网络拥塞,但通过处理,2 小时内能够快速恢复。
4. 客户端一般故障处理。
5. 非交易系统技术故障,由于系统冗余、自动切换、非交易时间或系统重启可恢复,对客户的潜在影响较小,不会对客户产生可感知的影响。
6. 局部办公网络短暂中断。
7. 所领导办公电脑故障。`,
				EN: `A service has a problem but most functions remain available; a few members (<5%) are affected.
1. System, network, database, application operation, monitoring, information security or similar causes make the trading, settlement or market data system fail, so that some
2. members cannot trade or receive market data normally, or receive settlement data late, for no more than 30 minutes.
3. The exchange's internet or office network systems fail: external networks are unreachable for less than 1 hour; or the office network is interrupted or congested but is restored within 2 hours.
4. Handling of an ordinary client fault.
5. A technical fault of a non-trading system that recovers through redundancy, automatic failover, non-trading hours or a restart; its potential impact is small and customers cannot perceive it.
6. Part of the office network is briefly interrupted.
7. An office computer of the exchange's leadership fails.`,
			},
		},
		{
			Priority: P5,
			Name:     Name{ZH: "次要事件", EN: "Minor"},
			Description: Name{
				ZH: `技术请求和服务类事件,或者一般事件,对客户不产生负面影响
1. 一般系统技术故障,由于系统冗余、自动切换、非交易时间或系统重启可恢复,对客户没有产生可感知的影响。
2. 所内个别员工办公电脑故障、电子邮件故障。
3. 开通行情、成交回报,交易大厅终端、业务系统终端安装。
4. 数字证书处理。
5. 服务请求。`,
				EN: `Technical requests and service events, or ordinary events, with no negative impact on customers
1. An ordinary technical fault that recovers through redundancy, automatic failover, non-trading hours or a restart, with no impact customers can perceive.
2. Office computer or e-mail faults of individual staff.
3. Enabling market data or trade confirmations; installing trading floor or business system terminals.
4. Handling digital certificates.
5. Service requests.`,
			},
		}}
}

// defaultMatrix: seed 003 §5.3, 事件优先级矩阵.
func defaultMatrix() MatrixSpec {
	return MatrixSpec{
		Impacts: []ImpactEntry{
			{
				Code:   ImpactHigh,
				Name:   Name{ZH: "高", EN: "High"},
				Scope:  Name{ZH: "用户业务中断，无法工作", EN: "Users' business is interrupted; they cannot work"},
				Extent: Name{ZH: "70%以上用户业务受影响", EN: "More than 70% of users are affected"},
			},
			{
				Code:   ImpactMedium,
				Name:   Name{ZH: "中", EN: "Medium"},
				Scope:  Name{ZH: "用户业务性能下降", EN: "Users' business performance is degraded"},
				Extent: Name{ZH: "20%以上用户业务受影响", EN: "More than 20% of users are affected"},
			},
			{
				Code:   ImpactLow,
				Name:   Name{ZH: "低", EN: "Low"},
				Scope:  Name{ZH: "问题请求，业务性能无下降", EN: "A request; business performance is not degraded"},
				Extent: Name{ZH: "用户业务可能潜在影响", EN: "Users' business may be affected"},
			},
		},
		Urgencies: []UrgencyEntry{
			{Code: UrgencyCritical, Name: Name{ZH: "紧急", EN: "Critical"}, Time: 1 * time.Hour},
			{Code: UrgencyHigh, Name: Name{ZH: "高", EN: "High"}, Time: 2 * time.Hour},
			{Code: UrgencyMedium, Name: Name{ZH: "中", EN: "Medium"}, Time: 4 * time.Hour},
			{Code: UrgencyLow, Name: Name{ZH: "低", EN: "Low"}, Time: 8 * time.Hour},
		},
		Priorities: map[Urgency]map[Impact]Priority{
			//                high              medium              low
			UrgencyCritical: {ImpactHigh: P1, ImpactMedium: P2, ImpactLow: P3},
			UrgencyHigh:     {ImpactHigh: P2, ImpactMedium: P3, ImpactLow: P3},
			UrgencyMedium:   {ImpactHigh: P3, ImpactMedium: P4, ImpactLow: P4},
			UrgencyLow:      {ImpactHigh: P3, ImpactMedium: P4, ImpactLow: P4},
		},
	}
}

// defaultStatuses: seed 000 §6.8.
func defaultStatuses() []Entry[Status] {
	return []Entry[Status]{
		{
			Code:        StatusRegistered,
			Name:        Name{ZH: "已登记", EN: "Registered"},
			Description: Name{ZH: "新开事件记录或事件已创建", EN: "A new record has been opened; the incident is created"},
		},
		{
			Code:        StatusAssigned,
			Name:        Name{ZH: "已分派", EN: "Assigned"},
			Description: Name{ZH: "事件已经分配给支持人员,等待处理人处理", EN: "Assigned to support staff, waiting for the handler"},
		},
		{
			Code:        StatusInProgress,
			Name:        Name{ZH: "处理中", EN: "In progress"},
			Description: Name{ZH: "支持人员已接手处理事件", EN: "Support staff have taken up the incident"},
		},
		{
			Code:        StatusResolved,
			Name:        Name{ZH: "已解决", EN: "Resolved"},
			Description: Name{ZH: "事件已解决", EN: "The incident is resolved"},
		},
		{
			Code:        StatusClosed,
			Name:        Name{ZH: "关闭", EN: "Closed"},
			Description: Name{ZH: "事件已关闭", EN: "The incident is closed"},
		},
	}
}

// moreStatuses are the statuses ExtendedStatuses adds: on hold, and the
// review and archive steps of seed 001 §4.5.
func moreStatuses() []Entry[Status] {
	return []Entry[Status]{
		{
			Code:        StatusPending,
			Name:        Name{ZH: "挂起", EN: "Pending"},
			Description: Name{ZH: "等待用户或第三方,暂停处理", EN: "On hold, waiting for the requester or a third party"},
		},
		{
			Code:        StatusAwaitingReview,
			Name:        Name{ZH: "待审核", EN: "Awaiting review"},
			Description: Name{ZH: "用户已认可解决方案,等待项目经理确认", EN: "The requester accepted the solution; awaiting the project manager's confirmation"},
		},
		{
			Code:        StatusArchived,
			Name:        Name{ZH: "已归档", EN: "Archived"},
			Description: Name{ZH: "项目经理确认事件已解决,事件终止", EN: "The project manager confirmed the resolution; the incident is finished"},
		},
	}
}

// defaultClosureCodes: seed 000 §6.9, then seed 003 §5.11.
func defaultClosureCodes() []ClosureEntry {
	return []ClosureEntry{
		{
			Code:        ClosureServiceDesk,
			Name:        Name{ZH: "服务台解决", EN: "Resolved by the service desk"},
			Description: Name{ZH: "由服务台维护解决", EN: "Resolved by the service desk"},
			Outcome:     OutcomeResolved,
		},
		{
			Code:        ClosureL1,
			Name:        Name{ZH: "一线解决", EN: "Resolved by L1"},
			Description: Name{ZH: "由一线找到事件的根本原因或替代方法", EN: "L1 found the root cause or a workaround"},
			Outcome:     OutcomeResolved,
		},
		{
			Code:        ClosureL2,
			Name:        Name{ZH: "二线解决", EN: "Resolved by L2"},
			Description: Name{ZH: "由二线找到事件的根本原因或替代方法", EN: "L2 found the root cause or a workaround"},
			Outcome:     OutcomeResolved,
		},
		{
			Code:        ClosureL3,
			Name:        Name{ZH: "三线解决", EN: "Resolved by L3"},
			Description: Name{ZH: "由外部人员或外部厂商解决", EN: "Resolved by an outside party or a vendor"},
			Outcome:     OutcomeResolved,
		},
		{
			Code:        ClosureUnresolved,
			Name:        Name{ZH: "未解决", EN: "Unresolved"},
			Description: Name{ZH: "未解决", EN: "Not resolved"},
			Outcome:     OutcomeUnresolved,
		},
		{
			Code:        ClosureRecovered,
			Name:        Name{ZH: "自动恢复", EN: "Recovered by itself"},
			Description: Name{ZH: "系统自动恢复,事件无法再现", EN: "The system recovered by itself; the incident cannot be reproduced"},
			Outcome:     OutcomeNoFix,
		},
		{
			Code:        ClosureFalseAlarm,
			Name:        Name{ZH: "误报", EN: "False alarm"},
			Description: Name{ZH: "属于误报事件", EN: "The incident was a false alarm"},
			Outcome:     OutcomeNoFix,
		},
		{
			Code:        ClosureRejected,
			Name:        Name{ZH: "拒绝", EN: "Rejected"},
			Description: Name{ZH: "事件被拒绝", EN: "The incident was rejected"},
			Outcome:     OutcomeNoFix,
		},
		{
			Code:        ClosureSuccess,
			Name:        Name{ZH: "成功", EN: "Success"},
			Description: Name{ZH: "事件成功关闭", EN: "The incident was closed successfully"},
			Outcome:     OutcomeResolved,
		},
		{
			Code:        ClosureSuccessWithProblem,
			Name:        Name{ZH: "成功但有问题", EN: "Success with a problem raised"},
			Description: Name{ZH: "事件已解决,升级到问题管理", EN: "The incident was resolved and a problem raised for problem management"},
			Outcome:     OutcomeProblemRaised,
		},
	}
}

// defaultSources: seed 000 §6.10.
func defaultSources() []Entry[Source] {
	return []Entry[Source]{
		{
			Code:        SourcePhone,
			Name:        Name{ZH: "电话", EN: "Phone"},
			Description: Name{ZH: "服务台通过客户电话创建的", EN: "Created by the service desk from a customer's call"},
		},
		{
			Code:        SourceMonitoring,
			Name:        Name{ZH: "监控系统", EN: "Monitoring system"},
			Description: Name{ZH: "监控系统通过接口自动创建的", EN: "Created automatically by a monitoring system through an interface"},
		},
		{
			Code:        SourceInspection,
			Name:        Name{ZH: "巡检自发现", EN: "Found in inspection"},
			Description: Name{ZH: "日常检查过程中由工程师自发现", EN: "Found by an engineer during a routine inspection"},
		},
		{
			Code:        SourceEmail,
			Name:        Name{ZH: "EMAIL", EN: "E-mail"},
			Description: Name{ZH: "服务台根据客户EMAIL创建的", EN: "Created by the service desk from a customer's e-mail"},
		},
		{
			Code:        SourceSMS,
			Name:        Name{ZH: "短信", EN: "SMS"},
			Description: Name{ZH: "短信报警", EN: "An SMS alert"},
		},
	}
}

// defaultNatures: seed 000 §2.2 (判断并分派).
func defaultNatures() []Entry[Nature] {
	return []Entry[Nature]{
		{Code: NatureIncident, Name: Name{ZH: "事件", EN: "Incident"}},
		{Code: NatureServiceRequest, Name: Name{ZH: "服务请求", EN: "Service request"}},
		{Code: NatureConsultation, Name: Name{ZH: "咨询", EN: "Consultation"}},
		{Code: NatureComplaint, Name: Name{ZH: "投诉", EN: "Complaint"}},
	}
}

// defaultSatisfaction: seed 000 §6.11. The scores are this package's.
func defaultSatisfaction() []SatisfactionEntry {
	return []SatisfactionEntry{
		{
			Code:        SatisfactionVeryGood,
			Name:        Name{ZH: "非常好", EN: "Very good"},
			Description: Name{ZH: "用户非常满意", EN: "The user is very satisfied"},
			Score:       3,
		},
		{
			Code:        SatisfactionNormal,
			Name:        Name{ZH: "正常", EN: "Normal"},
			Description: Name{ZH: "用户接受处理结果", EN: "The user accepts the result"},
			Score:       2,
		},
		{
			Code:        SatisfactionNeedsImprovement,
			Name:        Name{ZH: "需要提高", EN: "Needs improvement"},
			Description: Name{ZH: "用户认为对处理过程或结果不满意", EN: "The user is not satisfied with the process or the result"},
			Score:       1,
		},
	}
}

// defaultResolverRoles: seed 003 §5.11 (事件解决人角色: Helpdesk 工程师,
// 现场, 3/n) with the tiers of seed 000 §3.
func defaultResolverRoles() []Entry[ResolverRole] {
	return []Entry[ResolverRole]{
		{
			Code:        ResolverServiceDesk,
			Name:        Name{ZH: "服务台", EN: "Service desk"},
			Description: Name{ZH: "Helpdesk 工程师", EN: "Helpdesk engineer"},
		},
		{Code: ResolverL1, Name: Name{ZH: "一线支持", EN: "L1 support"}},
		{Code: ResolverL2, Name: Name{ZH: "二线支持", EN: "L2 support"}},
		{
			Code:        ResolverL3,
			Name:        Name{ZH: "三线支持", EN: "L3 support"},
			Description: Name{ZH: "厂商、集成商、服务商等第三方", EN: "A third party: vendor, integrator or service provider"},
		},
		{
			Code:        ResolverField,
			Name:        Name{ZH: "现场", EN: "Field engineer"},
			Description: Name{ZH: "现场服务工程师", EN: "Field service engineer on site"},
		},
	}
}

// defaultTiers: seed 000 §3 and §5.3 to §5.6.
func defaultTiers() []Entry[Tier] {
	return []Entry[Tier]{
		{
			Code:        TierServiceDesk,
			Name:        Name{ZH: "服务台", EN: "Service desk"},
			Description: Name{ZH: "面向用户的统一入口,负责事件的受理和分派", EN: "The single point of contact for users; takes incidents in and assigns them"},
		},
		{
			Code:        TierL1,
			Name:        Name{ZH: "一线", EN: "L1"},
			Description: Name{ZH: "对服务台分派的事件进行分析,提出解决方案,并在必要时提供现场支持", EN: "Analyses incidents assigned by the service desk, proposes solutions, and gives on-site support when needed"},
		},
		{
			Code:        TierL2,
			Name:        Name{ZH: "二线", EN: "L2"},
			Description: Name{ZH: "技术领域的专家,处理一线支持人员无法解决的事件", EN: "Experts in a technical field; handle incidents L1 cannot resolve"},
		},
		{
			Code:        TierL3,
			Name:        Name{ZH: "三线", EN: "L3"},
			Description: Name{ZH: "厂商、集成商、服务商等外部支持", EN: "Outside support: vendors, integrators, service providers"},
		},
	}
}

// node returns a category node; a shorthand for the default tree.
func node(code, zh, en string, children ...CategoryNode) CategoryNode {
	return CategoryNode{Code: code, Name: Name{ZH: zh, EN: en}, Children: children}
}

// defaultCategories: seed 000 §6.4. The seed leaves the third level of
// application software to the owning system (对应所属系统中的内容).
func defaultCategories() []CategoryNode {
	other := func(children ...CategoryNode) CategoryNode { return node("other", "其他", "Other", children...) }
	return []CategoryNode{
		node("software", "软件类", "Software",
			node("system", "系统软件类", "System software",
				node("os", "操作系统", "Operating system"),
				node("cluster", "集群软件", "Cluster software"),
				node("middleware", "中间件", "Middleware"),
				node("backup", "备份软件", "Backup software"),
				node("security", "安全软件", "Security software"),
				node("database", "数据库", "Database"),
				node("monitoring", "监控软件", "Monitoring software"),
			),
			CategoryNode{
				Code:        "application",
				Name:        Name{ZH: "应用软件类", EN: "Application software"},
				Description: Name{ZH: "对应所属系统中的内容", EN: "The owning system says which application"},
			},
			other(
				node("central_control", "集控系统", "Central control system"),
				node("access_control", "门禁系统", "Access control system"),
				node("surveillance", "安防系统", "Security and surveillance system"),
			),
		),
		node("hardware", "硬件类", "Hardware",
			node("server", "服务器类", "Servers",
				node("minicomputer", "小型机", "Minicomputer"),
				node("blade", "刀片服务器", "Blade server"),
				node("pc_server", "PC 服务器", "PC server"),
				other(),
			),
			node("network", "网络设备类", "Network devices",
				node("router", "路由器", "Router"),
				node("switch", "交换机", "Switch"),
				node("gateway", "网关", "Gateway"),
				node("firewall", "防火墙", "Firewall"),
				node("vpn", "VPN", "VPN"),
				node("load_balancer", "负载均衡", "Load balancer"),
				node("link", "链路", "Link"),
				other(),
			),
			node("security", "安全设备类", "Security devices",
				node("ids", "入侵检测", "Intrusion detection"),
				node("ips", "入侵防御", "Intrusion prevention"),
				node("audit", "安全审计", "Security audit"),
				node("av_gateway", "防病毒网关", "Antivirus gateway"),
				node("av_analysis", "防病毒分析", "Antivirus analysis"),
				node("security_management", "安全管理平台", "Security management platform"),
				node("isolation_gateway", "网闸", "Network isolation gateway"),
				other(),
			),
			node("storage", "存储设备类", "Storage devices",
				node("disk_array", "磁盘阵列", "Disk array"),
				node("nas", "NAS", "NAS"),
				node("tape_library", "磁带库", "Tape library"),
				node("optical_library", "光盘库", "Optical disc library"),
				node("san_switch", "存储光纤交换机", "Storage fibre channel switch"),
				other(),
			),
			other(
				node("kvm", "KVM设备", "KVM device"),
				other(),
			),
		),
		other(
			node("facility", "机房设备", "Data centre equipment",
				node("power_distribution", "配电柜", "Power distribution cabinet"),
				node("air_conditioning", "空调", "Air conditioning"),
				node("rack", "机柜", "Rack"),
				node("ups", "UPS", "UPS"),
				node("ats", "ATS", "ATS"),
				other(),
			),
			node("documents", "文档", "Documents"),
			node("contracts", "合同", "Contracts"),
			node("media", "介质", "Media"),
		),
		node("trading_floor", "交易大厅", "Trading floor",
			node("hardware", "硬件类", "Hardware",
				node("host", "主机", "Computer"),
				node("keyboard", "键盘", "Keyboard"),
				node("mouse", "鼠标", "Mouse"),
				node("power", "电源", "Power supply"),
				node("network", "网络", "Network"),
				other(),
			),
			node("software", "软件类", "Software",
				node("os", "操作系统", "Operating system"),
				node("trading", "交易软件", "Trading software"),
				node("management", "管理软件", "Management software"),
				other(),
			),
			other(),
		),
		node("terminal", "业务终端", "Business terminals",
			node("hardware", "硬件类", "Hardware",
				node("pc", "PC", "PC"),
				node("network", "网络", "Network"),
			),
			node("software", "软件类", "Software",
				node("business", "业务软件", "Business software"),
				node("management", "管理软件", "Management software"),
			),
		),
	}
}

// system returns an owning system; a shorthand for the default list.
func system(code System, zh, en string) Entry[System] {
	return Entry[System]{Code: code, Name: Name{ZH: zh, EN: en}}
}

// defaultSystems: seed 000 §6.3 (its sub-category column is N/A throughout).
func defaultSystems() []SystemGroup {
	return []SystemGroup{
		{
			Code: "core_systems",
			Name: Name{ZH: "核心系统", EN: "Core systems"},
			Systems: []Entry[System]{
				system("trading", "六期交易系统", "Phase VI trading system"),
				system("business", "六期业务系统", "Phase VI business system"),
				system("disaster_recovery", "会展灾备系统", "Convention centre disaster recovery system"),
				system("risk_control", "新风控系统", "New risk control system"),
				system("account_opening", "统一开户系统", "Unified account opening system"),
				system("funds_transfer", "电子出入金系统", "Electronic deposit and withdrawal system"),
				system("rtt", "RTT系统", "RTT system"),
				system("website", "交易所网站系统", "Exchange website system"),
				system("member_services", "会员服务系统", "Member services system"),
				system("mail_subscription", "邮件订阅系统", "Mail subscription system"),
				system("warehouse_receipts", "电子仓单系统", "Electronic warehouse receipt system"),
			},
		},
		{
			Code: "non_core_systems",
			Name: Name{ZH: "非核心系统", EN: "Non-core systems"},
			Systems: []Entry[System]{
				system("simulated_trading", "模拟交易系统", "Simulated trading system"),
				system("options_simulation", "期权模拟系统", "Options simulation system"),
				system("member_test", "会员测试系统", "Member test system"),
				system("developer_test", "开发商测试系统", "Developer test system"),
				system("collaboration", "协作平台系统", "Collaboration platform"),
				system("internal_logs", "所内日志系统", "Internal log system"),
				system("office_automation", "办公OA系统", "Office automation (OA) system"),
				system("intranet_mail", "办公内网邮件系统", "Office intranet mail system"),
				system("internet_mail", "办公外网邮件系统", "Office internet mail system"),
				system("vehicles", "车辆管理系统", "Vehicle management system"),
				system("blackberry", "黑莓管理系统", "BlackBerry management system"),
				system("it_monitoring", "IT运行监控系统", "IT operations monitoring system"),
				system("office_antivirus", "办公防病毒系统", "Office antivirus system"),
				system("trading_floor", "交易大厅", "Trading floor"),
				system("business_terminals", "业务终端", "Business terminals"),
				system("kvm", "KVM系统", "KVM system"),
				system("gps_time", "GPS时间源系统", "GPS time source system"),
				system("access_control", "门禁系统", "Access control system"),
				system("surveillance", "安防系统", "Security and surveillance system"),
				system("central_control", "集控系统", "Central control system"),
			},
		},
		{
			Code: "core_networks",
			Name: Name{ZH: "核心网络", EN: "Core networks"},
			Systems: []Entry[System]{
				system("trading_network", "交易网", "Trading network"),
				system("website_network", "网站网", "Website network"),
			},
		},
		{
			Code: "non_core_networks",
			Name: Name{ZH: "非核心网络", EN: "Non-core networks"},
			Systems: []Entry[System]{
				system("office_intranet", "办公内网", "Office intranet"),
				system("office_internet", "办公外网", "Office internet"),
				system("dev_test_network", "开发测试网", "Development and test network"),
				system("csrc_network", "证监会机密网", "CSRC confidential network"),
			},
		},
	}
}
