package incident

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/itsmkit/itsm/codes"
)

// TaskStatus is where a task stands in its own workflow (任务单状态):
//
//	open ──StartTask──▶ in progress ──ResolveTask──▶ resolved ──CompleteTask──▶ closed
//
// CompleteTask also closes a task straight from open or in progress (with
// its result and closure code), as it always has. A closed task is done:
// the parent ticket may be resolved only when every task is closed.
type TaskStatus string

// The statuses of a task.
const (
	TaskOpen       TaskStatus = "open"        // 新建: added, nobody has taken it up
	TaskInProgress TaskStatus = "in_progress" // 处理中: its executor took it up (TakenUp)
	TaskResolved   TaskStatus = "resolved"    // 已解决: result and closure code recorded
	TaskClosed     TaskStatus = "closed"      // 关闭: done (Completed)
)

// State returns the task's status; a task stored before tasks had one is
// closed when completed and open otherwise.
func (t Task) State() TaskStatus {
	switch {
	case t.Status != "":
		return t.Status
	case t.Done():
		return TaskClosed
	}
	return TaskOpen
}

// TaskRef returns the reference of task no of ticket id: the ticket's id,
// "-T" and the number in two digits at least, such as IM251117000001-T01
// (任务单ID). It is the form people quote; the log keeps the number.
func TaskRef(id codes.ID, no int) string {
	return fmt.Sprintf("%s-T%02d", id, no)
}

// applyTaskRecord applies one of the task fields of task.go to task.
func applyTaskRecord(task *Task, e *Entry, c Change) error {
	v := c.Value
	var err error
	switch c.Field {
	case FieldTaskStatus:
		st := TaskStatus(v)
		switch st {
		case TaskOpen:
		case TaskInProgress:
			if task.TakenUp.IsZero() {
				task.TakenUp = e.At
			}
		case TaskResolved:
			task.Resolved = e.At
		case TaskClosed:
			task.Completed = e.At
		default:
			return fmt.Errorf("field %s: unknown task status %q", c.Field, v)
		}
		task.Status = st
	case FieldTaskType:
		task.Type = codes.Category(v)
	case FieldTaskContent:
		task.Content = v
	case FieldTaskSystem:
		task.System = codes.System(v)
	case FieldTaskOnSite:
		task.OnSite, err = parseBool(v)
	case FieldTaskRespondBy:
		task.RespondBy, err = parseOptionalTime(v)
	case FieldTaskAttachment:
		task.Attachments = append(task.Attachments, v)
	case FieldTaskConfigItem:
		task.ConfigItems = append(task.ConfigItems, v)
	case FieldTaskLink:
		var l Link
		l, err = parseLink(v)
		task.Links = append(task.Links, l)
	default:
		return fmt.Errorf("unknown field %q", c.Field)
	}
	if err != nil {
		return fmt.Errorf("field %s: %w", c.Field, err)
	}
	return nil
}

// check refuses text in s that no Desk accepts and codes the Desk's tables
// do not hold.
func (s *TaskSpec) check(d *Desk, cmd string) error {
	in := []input{textIn("summary", s.Summary), textIn("content", s.Content), nameIn("group", s.Group), nameIn("assignee", s.Assignee),
		nameIn("type", string(s.Type)), nameIn("system", string(s.System))}
	in = append(in, each("config_items", s.ConfigItems, MaxKeyLen)...)
	in = append(in, each("attachments", s.Attachments, MaxKeyLen)...)
	for i, l := range s.Links {
		in = append(in, nameIn(fmt.Sprintf("links[%d].kind", i), l.Kind))
	}
	if err := checkInput(cmd, in...); err != nil {
		return err
	}
	if err := d.checkCodes(cmd, "", s.Type, s.System, "", ""); err != nil {
		if ce, ok := err.(*CommandError); ok && ce.Field == "category" {
			ce.Field = "type"
		}
		return err
	}
	if s.RespondWithin < 0 {
		return &CommandError{Command: cmd, Field: "respond_within", Reason: fmt.Sprintf("%v is negative", s.RespondWithin)}
	}
	for i, l := range s.Links {
		if l.To.IsZero() {
			return &CommandError{Command: cmd, Field: fmt.Sprintf("links[%d].to", i), Reason: "no record given"}
		}
		if err := checkLinkKind(cmd, fmt.Sprintf("links[%d].kind", i), l.Kind); err != nil {
			return err
		}
	}
	return nil
}

// changes returns the changes of the spec's items beyond the summary,
// group and assignee, for a task added at at.
func (s *TaskSpec) changes(at time.Time) []Change {
	var c []Change
	add := func(f Field, v string) {
		if v != "" {
			c = append(c, Change{f, v})
		}
	}
	add(FieldTaskType, string(s.Type))
	add(FieldTaskContent, s.Content)
	add(FieldTaskSystem, string(s.System))
	if s.OnSite {
		add(FieldTaskOnSite, "true")
	}
	if s.RespondWithin > 0 {
		add(FieldTaskRespondBy, at.Add(s.RespondWithin.D()).Format(time.RFC3339Nano))
	}
	for _, a := range s.Attachments {
		add(FieldTaskAttachment, a)
	}
	for _, ci := range s.ConfigItems {
		add(FieldTaskConfigItem, ci)
	}
	for _, l := range s.Links {
		add(FieldTaskLink, l.String())
	}
	return c
}

func checkLinkKind(cmd, field, kind string) error {
	if err := checkInput(cmd, nameIn(field, kind)); err != nil {
		return err
	}
	for _, r := range kind {
		if r == ':' || r == ' ' {
			return &CommandError{Command: cmd, Field: field, Reason: fmt.Sprintf("%q may not contain ':' or spaces", kind)}
		}
	}
	return nil
}

// taskOf returns task no of t, or a *CommandError naming the command.
func taskOf(cmd string, t *Ticket, no int) (*Task, error) {
	if no < 1 || no > len(t.Tasks) {
		return nil, &CommandError{Command: cmd, Field: "task", Reason: fmt.Sprintf("no task %d (the ticket has %d)", no, len(t.Tasks))}
	}
	return &t.Tasks[no-1], nil
}

// StartTask records that a task's executor has taken it up (响应时间: for
// an on-site task, that the engineer arrived): the task goes from open to
// in progress, at act's time, and act.Actor becomes its assignee when it
// has none. A task not open is refused with a *CommandError.
func (d *Desk) StartTask(ctx context.Context, id codes.ID, no int, act Action) (*Ticket, error) {
	const cmd = "start task"
	t, _, err := d.run(ctx, cmd, id, act, TaskStep{Action: act, Task: no}, func(t *Ticket) ([]step, error) {
		task, err := taskOf(cmd, t, no)
		if err != nil {
			return nil, err
		}
		if st := task.State(); st != TaskOpen {
			return nil, &CommandError{Command: cmd, Field: "task", Reason: fmt.Sprintf("task %d is %s, not open", no, st)}
		}
		c := []Change{{FieldTaskStatus, string(TaskInProgress)}}
		if task.Assignee == "" {
			c = append(c, Change{FieldTaskAssignee, act.Actor})
		}
		return []step{{typ: EntryTask, task: no, changes: c}}, nil
	})
	return t, err
}

// TaskStep is the input of StartTask as the permission hook sees it: who,
// and which task. (ResolveTask and CompleteTask show it their TaskResult,
// as CompleteTask always has.)
type TaskStep struct {
	Action
	Task int // the task's number within the ticket
}

// ResolveTask records a task's result and closure code (记录解决方案和结束代码)
// and moves it to resolved: from open or in progress. The closure code is
// required; its executor, or the parent's handler, then closes it with
// CompleteTask, which may leave the closure code as given here.
func (d *Desk) ResolveTask(ctx context.Context, id codes.ID, no int, r TaskResult) (*Ticket, error) {
	const cmd = "resolve task"
	if err := checkInput(cmd, textIn("result", r.Result), nameIn("closure", string(r.Closure))); err != nil {
		return nil, err
	}
	if r.Closure == "" {
		return nil, &CommandError{Command: cmd, Field: "closure", Reason: "a closure code is required"}
	}
	if err := d.checkCodes(cmd, "", "", "", "", r.Closure); err != nil {
		return nil, err
	}
	t, _, err := d.run(ctx, cmd, id, r.Action, r, func(t *Ticket) ([]step, error) {
		task, err := taskOf(cmd, t, no)
		if err != nil {
			return nil, err
		}
		if st := task.State(); st != TaskOpen && st != TaskInProgress {
			return nil, &CommandError{Command: cmd, Field: "task", Reason: fmt.Sprintf("task %d is %s already", no, st)}
		}
		var c []Change
		if r.Result != "" {
			c = append(c, Change{FieldTaskResult, r.Result})
		}
		c = append(c, Change{FieldTaskClosure, string(r.Closure)}, Change{FieldTaskStatus, string(TaskResolved)})
		return []step{{typ: EntryTask, task: no, changes: c}}, nil
	})
	return t, err
}

// TaskClosing is a task a commit closed: what the parent's handler is told
// (任务单关闭后,系统自动发送通知给主单处理人, 100.3.5.3.3).
type TaskClosing struct {
	Ticket codes.ID // the parent ticket
	Ref    string   // TaskRef(Ticket, Task.No)
	Task   Task     // as the commit left it
	// Handler and Group are the parent ticket's assignee and group: whom
	// to tell.
	Handler string
	Group   string // the parent ticket's group
}

// TaskClosings returns the tasks a commit closed. CompleteTask commits an
// EntryTask entry whose changes hold FieldTaskDone, with the entry's Task
// the task's number; an OnCommit hook (Config.OnCommit) calls TaskClosings
// on every Commit and tells each closing's Handler, by mail or chat, that
// the task is done and with what result:
//
//	cfg.OnCommit = append(cfg.OnCommit, func(ctx context.Context, c incident.Commit) {
//		for _, tc := range incident.TaskClosings(c) {
//			notify(tc.Handler, tc.Ref+" closed: "+tc.Task.Result)
//		}
//	})
//
// An escalation rule that notifies on it can match the same entries in the
// log (type "task", a "task.done" change).
func TaskClosings(c Commit) []TaskClosing {
	var out []TaskClosing
	for _, e := range c.Entries {
		if e.Type != EntryTask || e.Task < 1 || c.Ticket == nil || e.Task > len(c.Ticket.Tasks) {
			continue
		}
		if !slices.ContainsFunc(e.Changes, func(ch Change) bool {
			return ch.Field == FieldTaskDone || ch.Field == FieldTaskStatus && ch.Value == string(TaskClosed)
		}) {
			continue
		}
		tk := c.Ticket.Tasks[e.Task-1]
		out = append(out, TaskClosing{Ticket: c.Ticket.ID, Ref: TaskRef(c.Ticket.ID, e.Task), Task: tk, Handler: c.Ticket.Assignee, Group: c.Ticket.Group})
	}
	return out
}

// OpenTasks returns the numbers of t's tasks that are not closed.
func (t *Ticket) OpenTasks() []int {
	var out []int
	for _, k := range t.Tasks {
		if !k.Done() {
			out = append(out, k.No)
		}
	}
	return out
}

// taskTime is when a task command happens: act's time, or now; the Desk
// checks it against the log as for any command (when).
func (d *Desk) taskTime(act Action) time.Time {
	if !act.At.IsZero() {
		return act.At
	}
	return d.cfg.Now()
}
