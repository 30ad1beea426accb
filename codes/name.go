package codes

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Name is a text in Chinese and English: the name of a code, or its
// description. Table entries need both names; descriptions may be empty.
type Name struct {
	// ZH is the Chinese text, as the process documents write it.
	ZH string `json:"zh"`
	// EN is the English text.
	EN string `json:"en"`
}

// IsZero reports whether both texts are empty.
func (n Name) IsZero() bool { return n.ZH == "" && n.EN == "" }

// String returns "zh (en)", or whichever of the two is set.
func (n Name) String() string {
	switch {
	case n.ZH == "":
		return n.EN
	case n.EN == "":
		return n.ZH
	}
	return n.ZH + " (" + n.EN + ")"
}

// Limits on codes. A code is 1 to maxCodeLen ASCII letters, digits, '_' or
// '-', so that it is safe in URLs, file names, YAML keys and SQL.
const maxCodeLen = 64

// codeProblem returns what is wrong with code, or "" if it is well formed.
func codeProblem(code string) string {
	if code == "" {
		return "is empty"
	}
	if len(code) > maxCodeLen {
		return fmt.Sprintf("is longer than %d characters", maxCodeLen)
	}
	for i, r := range code {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' {
			continue
		}
		return fmt.Sprintf("has %q at byte %d; use ASCII letters, digits, '_' and '-'", r, i)
	}
	return ""
}

// checkCode records a problem if code is malformed.
func (p *problems) checkCode(path, code string) {
	if msg := codeProblem(code); msg != "" {
		p.add(path, code, "code", msg)
	}
}

// checkName records a problem for each missing or padded text of a required
// name; field is "name" or the like.
func (p *problems) checkName(path, code, field string, n Name) {
	p.checkText(path, code, field+".zh", n.ZH, true)
	p.checkText(path, code, field+".en", n.EN, true)
}

// checkDescription records problems of an optional text pair.
func (p *problems) checkDescription(path, code, field string, n Name) {
	p.checkText(path, code, field+".zh", n.ZH, false)
	p.checkText(path, code, field+".en", n.EN, false)
}

func (p *problems) checkText(path, code, field, s string, required bool) {
	switch {
	case s == "" && required:
		p.add(path, code, field, "is empty")
	case !utf8.ValidString(s):
		p.add(path, code, field, "is not valid UTF-8")
	case s != strings.TrimFunc(s, unicode.IsSpace):
		p.add(path, code, field, "has leading or trailing space")
	}
}
