package codes

// Source (事件来源) is how a ticket came in.
type Source string

// The sources of the default table.
const (
	SourcePhone      Source = "phone"      // 电话: created by the service desk from a customer's call
	SourceMonitoring Source = "monitoring" // 监控系统: created by a monitoring system through an interface
	SourceInspection Source = "inspection" // 巡检自发现: found by an engineer in a routine inspection
	SourceEmail      Source = "email"      // EMAIL: created by the service desk from a customer's e-mail
	SourceSMS        Source = "sms"        // 短信: an SMS alert
)

func (Source) tableName() string { return "sources" }

// Nature (事件性质) says what a ticket is: when it registers a call, the
// service desk first decides whether it is an incident, a service request,
// a consultation or a complaint.
type Nature string

// The natures of the default table.
const (
	NatureIncident       Nature = "incident"        // 事件
	NatureServiceRequest Nature = "service_request" // 服务请求
	NatureConsultation   Nature = "consultation"    // 咨询
	NatureComplaint      Nature = "complaint"       // 投诉
)

func (Nature) tableName() string { return "natures" }

// ResolverRole (事件解决人角色) is the role of whoever resolved a ticket. The
// key indicators count resolutions and mean resolution times per role.
type ResolverRole string

// The resolver roles of the default table.
const (
	ResolverServiceDesk ResolverRole = "service_desk" // 服务台 (Helpdesk 工程师)
	ResolverL1          ResolverRole = "l1"           // 一线支持
	ResolverL2          ResolverRole = "l2"           // 二线支持
	ResolverL3          ResolverRole = "l3"           // 三线支持: vendor or third party
	ResolverField       ResolverRole = "field"        // 现场: field engineer on site
)

func (ResolverRole) tableName() string { return "resolver_roles" }
