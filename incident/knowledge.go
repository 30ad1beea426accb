package incident

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/itsmkit/itsm/codes"
)

// Knowledge is the knowledge base and known-error database the Desk
// consults (Config.Knowledge; 知识库, 已知错误). It is asked twice in a
// ticket's life:
//
//   - at registration, Suggest, with the ticket's category, system and
//     text: the known errors and articles it returns are recorded on the
//     ticket (Ticket.Suggestions) in its register entry, so that the
//     service desk matches the incident against known errors first
//     (与问题和知名错误相匹配); a monitoring alert (a Registration with an
//     ExternalKey) is not matched, so that an alert storm does not query
//     the knowledge base once per repeat;
//   - at resolution, when the Resolution asks for it (ToKnowledge, 录入知识库),
//     Submit, once, with the solution and an idempotency key: a repeat of
//     the key must file nothing new and return the reference given the
//     first time.
//
// Implementations must be safe for concurrent use. MemoryKnowledge is an
// in-memory one.
type Knowledge interface {
	// Suggest returns the known errors and articles that match q, best
	// first; none is no error.
	Suggest(ctx context.Context, q KnowledgeQuery) ([]Suggestion, error)
	// Submit files the contribution c and returns its reference; the same
	// c.Key must return the same reference and file nothing new.
	Submit(ctx context.Context, c Contribution) (ref string, err error)
}

// KnowledgeQuery is what the Desk asks the knowledge base about a new
// ticket.
type KnowledgeQuery struct {
	Category codes.Category // the new ticket's category
	System   codes.System   // the new ticket's owning system
	// Text is the summary, description and symptom, one per line.
	Text string
}

// SuggestionKind tells a known error from an article.
type SuggestionKind string

// The kinds of suggestion.
const (
	KnownError SuggestionKind = "known_error" // 已知错误: a problem with a known workaround
	Article    SuggestionKind = "article"     // 知识库文章
)

// Suggestion is a known error or article the knowledge base matched to a
// ticket. Ref is at most MaxKeyLen bytes without spaces; Title is text.
type Suggestion struct {
	Kind  SuggestionKind `json:"kind"`            // a known error or an article
	Ref   string         `json:"ref"`             // the knowledge base's reference for it
	Title string         `json:"title,omitempty"` // its title, to show the handler
}

// MaxSuggestions is the number of suggestions the Desk records at most;
// it keeps the first ones Suggest returns.
const MaxSuggestions = 10

// String returns the suggestion as a FieldSuggestion change holds it:
// "kind:ref title".
func (s Suggestion) String() string {
	v := string(s.Kind) + ":" + s.Ref
	if s.Title != "" {
		v += " " + s.Title
	}
	return v
}

func parseSuggestion(v string) (Suggestion, error) {
	head, title, _ := strings.Cut(v, " ")
	kind, ref, ok := strings.Cut(head, ":")
	if !ok || ref == "" {
		return Suggestion{}, fmt.Errorf("%q is not kind:ref", head)
	}
	return Suggestion{Kind: SuggestionKind(kind), Ref: ref, Title: title}, nil
}

// Contribution is a solution offered to the knowledge base at resolution.
type Contribution struct {
	// Key identifies the offer: the ticket's id and the number of the log
	// entry that resolved it, such as "IM251117000001/knowledge/7". The
	// same resolution is always offered under the same key.
	Key       string
	Ticket    codes.ID       // the ticket resolved
	Category  codes.Category // its category
	System    codes.System   // its owning system
	Summary   string         // its summary
	Symptom   string         // what was seen
	Solution  string         // the solution recorded
	RootCause string         // the root cause, if known
}

// KnowledgeOffer is where the offer of a ticket's solution to the
// knowledge base stands.
type KnowledgeOffer string

// The states of an offer.
const (
	// KnowledgePending: the resolution asked for the offer and it has not
	// been filed yet — the knowledge base failed, or the process stopped
	// between the resolution and the offer. OfferKnowledge files it.
	KnowledgePending KnowledgeOffer = "pending"
	// KnowledgeOffered: the knowledge base filed it as Ticket.KnowledgeRef.
	KnowledgeOffered KnowledgeOffer = "offered"
)

// ErrKnowledge is matched by a *KnowledgeError: the knowledge base failed
// while the command around it was saved.
var ErrKnowledge = errors.New("incident: the knowledge base failed")

// KnowledgeError reports that the knowledge base failed on a ticket whose
// command was saved nonetheless. Resolve returns it, with the resolved
// ticket, when Submit fails: the resolution stands, the offer stays
// pending (Ticket.KnowledgeOffer) and Desk.OfferKnowledge files it later
// under the same key. It matches ErrKnowledge and unwraps to the
// knowledge base's error.
type KnowledgeError struct {
	Ticket codes.ID // the ticket the command was about
	Key    string   // the offer's key; empty for a Suggest
	Err    error    // the knowledge base's error
}

// Error names the ticket and the pending offer, with the knowledge
// base's error.
func (e *KnowledgeError) Error() string {
	return fmt.Sprintf("%v: %s (the command was saved; the offer %q is pending): %v", ErrKnowledge, e.Ticket, e.Key, e.Err)
}

// Is reports whether target is ErrKnowledge.
func (e *KnowledgeError) Is(target error) bool { return target == ErrKnowledge }

// Unwrap returns the knowledge base's error.
func (e *KnowledgeError) Unwrap() error { return e.Err }

// suggest asks the knowledge base about a registration and returns the
// changes recording its suggestions. A failure is logged at Error level and
// costs the ticket its suggestions, not its registration: Desk.Suggest asks
// again.
func (d *Desk) suggest(ctx context.Context, r Registration) []Change {
	if d.cfg.Knowledge == nil {
		return nil
	}
	q := KnowledgeQuery{Category: r.Category, System: r.System, Text: strings.TrimSpace(strings.Join([]string{r.Summary, r.Description, r.Symptom}, "\n"))}
	c, err := d.suggestions(ctx, q)
	if err != nil {
		d.cfg.Logger.LogAttrs(ctx, slog.LevelError, "incident: knowledge base: no suggestions for a registration", slog.Any("err", err))
	}
	return c
}

// suggestions asks the knowledge base and returns the changes of its valid
// suggestions, MaxSuggestions at most.
func (d *Desk) suggestions(ctx context.Context, q KnowledgeQuery) (c []Change, err error) {
	defer func() {
		if p := recover(); p != nil {
			c, err = nil, fmt.Errorf("Suggest panicked: %v", p)
		}
	}()
	got, err := d.cfg.Knowledge.Suggest(ctx, q)
	if err != nil {
		return nil, err
	}
	for _, s := range got {
		if len(c) == MaxSuggestions {
			break
		}
		if s.Ref == "" || strings.ContainsAny(s.Ref, " \t\r\n") || strings.ContainsAny(string(s.Kind), ": ") || s.Kind == "" ||
			checkInput("suggest", keyIn("ref", s.Ref), nameIn("kind", string(s.Kind)), textIn("title", s.Title)) != nil {
			continue // what the Desk could not record faithfully is left out
		}
		c = append(c, Change{FieldSuggestion, s.String()})
	}
	return c, nil
}

// Suggest asks the knowledge base (Config.Knowledge) again about a ticket,
// with its category, system and text as they are now, and records the
// suggestions it has not recorded before. A ticket whose registration found
// the knowledge base down gets its suggestions so. A failing knowledge base
// is a *KnowledgeError, and nothing is written.
func (d *Desk) Suggest(ctx context.Context, id codes.ID, act Action) (*Ticket, error) {
	const cmd = "suggest"
	if d.cfg.Knowledge == nil {
		return nil, &CommandError{Command: cmd, Field: "knowledge", Reason: "the Desk has no knowledge base (Config.Knowledge)"}
	}
	t, _, err := d.load(ctx, id)
	if err != nil {
		return nil, err
	}
	c, err := d.suggestions(ctx, KnowledgeQuery{Category: t.Category, System: t.System, Text: strings.TrimSpace(strings.Join([]string{t.Summary, t.Description, t.Symptom}, "\n"))})
	if err != nil {
		return nil, &KnowledgeError{Ticket: id, Err: err}
	}
	t, _, err = d.run(ctx, cmd, id, act, act, func(t *Ticket) ([]step, error) {
		var add []Change
		for _, ch := range c {
			s, _ := parseSuggestion(ch.Value)
			if !slices.ContainsFunc(t.Suggestions, func(o Suggestion) bool { return o.Kind == s.Kind && o.Ref == s.Ref }) {
				add = append(add, ch)
			}
		}
		if len(add) == 0 {
			return nil, errNotDue // nothing new
		}
		return []step{{typ: EntryKnowledge, changes: add}}, nil
	})
	if errors.Is(err, errNotDue) {
		t, _, err = d.load(ctx, id)
	}
	return t, err
}

// EntryKnowledge is the type of the entries that record what the knowledge
// base suggested after registration, and the filing of an offered solution.
const EntryKnowledge EntryType = "knowledge"

// offerKey returns the key of the offer the resolution entry seq asked for.
func offerKey(id codes.ID, seq int) string {
	return id.String() + "/knowledge/" + strconv.Itoa(seq)
}

// offerSeqAfter returns the Seq of the last entry that made the knowledge
// offer pending, seq before entry e: e's own when it did.
func offerSeqAfter(seq int, e *Entry) int {
	for _, c := range e.Changes {
		if c.Field == FieldKnowledgeOffer && c.Value == string(KnowledgePending) {
			return e.Seq
		}
	}
	return seq
}

// pendingOffer returns the key of t's pending offer, seq the last entry
// that made it pending (logFold.offerSeq).
func pendingOffer(t *Ticket, seq int) (string, bool) {
	if t.KnowledgeOffer != KnowledgePending || seq == 0 {
		return "", false
	}
	return offerKey(t.ID, seq), true
}

// offerOf returns ticket id and the key of its pending offer, from what the
// Desk folds of the log (its own fold, or the ticket's Checkpoint) where it
// can, so that filing an offer reads no more of a long log than a comment.
func (d *Desk) offerOf(ctx context.Context, id codes.ID, act Action) (*Ticket, string, bool, error) {
	t, _, f, owned, err := d.head(ctx, &op{cmd: "offer knowledge", id: id, act: act})
	if err != nil {
		return nil, "", false, err
	}
	if f != nil {
		key, ok := pendingOffer(t, f.offerSeq) // before put: then others may fold into f
		if owned {
			d.folds.put(id, t.Version, f)
		}
		return t, key, ok, nil
	}
	t, log, err := d.load(ctx, id)
	if err != nil {
		return nil, "", false, err
	}
	seq := 0 // the log is read: as foldInto folds it, leaving the cache be
	for i := range log {
		seq = offerSeqAfter(seq, &log[i])
	}
	key, ok := pendingOffer(t, seq)
	return t, key, ok, nil
}

// OfferKnowledge files a ticket's pending offer (Ticket.KnowledgeOffer is
// KnowledgePending) with the knowledge base, under the offer's key, and
// records the reference it was filed as (Ticket.KnowledgeRef) in an
// EntryKnowledge entry keyed by it. Resolve calls it when the resolution
// asks for the offer; call it again for a ticket whose offer is pending
// (the *KnowledgeError Resolve returned names it; a sweep over Find's
// results finds the others by Ticket.KnowledgeOffer). A ticket
// with nothing pending is returned as it is. A failing knowledge base is a
// *KnowledgeError, and the offer stays pending.
func (d *Desk) OfferKnowledge(ctx context.Context, id codes.ID, act Action) (*Ticket, error) {
	const cmd = "offer knowledge"
	if d.cfg.Knowledge == nil {
		return nil, &CommandError{Command: cmd, Field: "knowledge", Reason: "the Desk has no knowledge base (Config.Knowledge)"}
	}
	if act.Actor == "" {
		return nil, &CommandError{Command: cmd, Field: "actor", Reason: "who does it is required"}
	}
	return d.offer(ctx, id, act, true)
}

// offer is OfferKnowledge, asking the permission hook when ask is set.
func (d *Desk) offer(ctx context.Context, id codes.ID, act Action, ask bool) (*Ticket, error) {
	const cmd = "offer knowledge"
	if err := checkInput(cmd, nameIn("actor", act.Actor)); err != nil {
		return nil, err
	}
	t, key, ok, err := d.offerOf(ctx, id, act)
	if err != nil {
		return nil, err
	}
	if !ok {
		return t, nil
	}
	if ask {
		if err := d.authorize(ctx, CmdOfferKnowledge, act.Actor, t, act); err != nil {
			return nil, err
		}
	}
	ref, err := d.submit(ctx, Contribution{Key: key, Ticket: t.ID, Category: t.Category, System: t.System, Summary: t.Summary,
		Symptom: t.Symptom, Solution: t.Solution, RootCause: t.RootCause})
	if err == nil && (ref == "" || checkInput(cmd, keyIn("ref", ref)) != nil) {
		err = fmt.Errorf("Submit returned the reference %q, which is empty or not a key", ref)
	}
	if err != nil {
		err = &KnowledgeError{Ticket: id, Key: key, Err: err}
		d.cfg.Logger.LogAttrs(ctx, slog.LevelError, "incident: knowledge base: the offer stays pending", slog.String("ticket", id.String()), slog.Any("err", err))
		return t, err
	}
	t, _, err = d.runFolded(ctx, cmd, id, Action{Actor: act.Actor}, nil, func(t *Ticket, f *logFold) ([]step, error) {
		if k, ok := pendingOffer(t, f.offerSeq); !ok || k != key {
			return nil, errNotDue // filed meanwhile
		}
		return []step{{typ: EntryKnowledge, key: key, changes: []Change{{FieldKnowledgeOffer, string(KnowledgeOffered)}, {FieldKnowledgeRef, ref}}}}, nil
	})
	if errors.Is(err, errNotDue) {
		t, _, err = d.load(ctx, id)
	}
	return t, err
}

func (d *Desk) submit(ctx context.Context, c Contribution) (ref string, err error) {
	defer func() {
		if p := recover(); p != nil {
			ref, err = "", fmt.Errorf("Submit panicked: %v", p)
		}
	}()
	return d.cfg.Knowledge.Submit(ctx, c)
}

// KnowledgeItem is an article or known error of a MemoryKnowledge.
type KnowledgeItem struct {
	Kind     SuggestionKind // a known error or an article
	Ref      string         // its reference, returned in Suggestions
	Title    string         // its title
	Category codes.Category // matches this category and those below it
	System   codes.System   // matches tickets of this owning system
	Keywords []string       // matched, case-insensitive, in the query's text
	Solution string         // the solution it describes
	Key      string         // the contribution's key, for a filed solution
}

// MemoryKnowledge is a Knowledge kept in memory: known errors and articles
// matched by category (the item's category or one above the ticket's),
// system and keywords, best match first; solutions submitted become
// articles numbered KB000001, KB000002, ... It is safe for concurrent use.
type MemoryKnowledge struct {
	mu    sync.Mutex
	items []KnowledgeItem
	filed int
}

// NewMemoryKnowledge returns a MemoryKnowledge holding items.
func NewMemoryKnowledge(items ...KnowledgeItem) *MemoryKnowledge {
	return &MemoryKnowledge{items: slices.Clone(items)}
}

// Suggest returns the items matching q: each scores 2 for its category
// (the query's category or one it falls under), 2 for its system and 1 per
// keyword found in the text; items scoring nothing are left out. Best
// score first, then by Ref.
func (m *MemoryKnowledge) Suggest(_ context.Context, q KnowledgeQuery) ([]Suggestion, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	text := strings.ToLower(q.Text)
	type scored struct {
		s     Suggestion
		score int
	}
	var hits []scored
	for _, it := range m.items {
		score := 0
		if it.Category != "" && (q.Category == it.Category || strings.HasPrefix(string(q.Category), string(it.Category)+".")) {
			score += 2
		}
		if it.System != "" && q.System == it.System {
			score += 2
		}
		for _, k := range it.Keywords {
			if k != "" && strings.Contains(text, strings.ToLower(k)) {
				score++
			}
		}
		if score > 0 {
			hits = append(hits, scored{Suggestion{Kind: it.Kind, Ref: it.Ref, Title: it.Title}, score})
		}
	}
	slices.SortFunc(hits, func(a, b scored) int { return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(a.s.Ref, b.s.Ref)) })
	out := make([]Suggestion, len(hits))
	for i, h := range hits {
		out[i] = h.s
	}
	return out, nil
}

// Submit files c as an article, or returns the reference of the article
// filed under c.Key before.
func (m *MemoryKnowledge) Submit(_ context.Context, c Contribution) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, it := range m.items {
		if c.Key != "" && it.Key == c.Key {
			return it.Ref, nil
		}
	}
	m.filed++
	ref := fmt.Sprintf("KB%06d", m.filed)
	m.items = append(m.items, KnowledgeItem{Kind: Article, Ref: ref, Title: c.Summary, Category: c.Category, System: c.System, Solution: c.Solution, Key: c.Key})
	return ref, nil
}

// Items returns a copy of the items held, filed solutions included.
func (m *MemoryKnowledge) Items() []KnowledgeItem {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.items)
}
