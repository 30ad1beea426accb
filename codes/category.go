package codes

import (
	"fmt"
	"slices"
	"strings"
)

// Category is the code of a category in a category tree: the codes of its
// nodes from the top level down, joined by dots, such as
// "hardware.server.minicomputer".
type Category string

// MaxCategoryDepth is the number of levels a category tree may have: a
// first, second and third level (第一层, 第二层, 第三层).
const MaxCategoryDepth = 3

// CategoryNode is a node of a category tree as written in Go, JSON or YAML,
// here under the key categories of a tables document:
//
//	categories:
//	- code: hardware
//	  name: {zh: 硬件类, en: Hardware}
//	  children:
//	  - code: server
//	    name: {zh: 服务器类, en: Servers}
//	    children:
//	    - code: minicomputer
//	      name: {zh: 小型机, en: Minicomputer}
type CategoryNode struct {
	// Code is the node's own code: 1 to 64 ASCII letters, digits, '_' or
	// '-', unique among its siblings. The category's code joins the codes
	// of the path with dots.
	Code string `json:"code"`
	// Name is the name shown to people; both texts are required and each
	// is unique among siblings, so that paths of names find one node.
	Name Name `json:"name"`
	// Description explains the category; optional.
	Description Name `json:"description,omitzero"`
	// Children are the categories one level down, in display order. A node
	// at the third level has none; other nodes may have none.
	Children []CategoryNode `json:"children,omitempty"`
}

// CategoryEntry describes one category of a tree.
type CategoryEntry struct {
	// Code is the full code, such as "hardware.server.minicomputer".
	Code Category
	// Name is the node's own name, such as 小型机 / Minicomputer.
	Name Name
	// Description explains the category; may be empty.
	Description Name
	// Level is 1 for a top-level category, 2 or 3 below.
	Level int
	// Parent is the code of the category one level up; empty at level 1.
	Parent Category
	// Leaf reports whether the category has no children.
	Leaf bool
}

// Categories is a category tree (事件分类) of up to MaxCategoryDepth
// levels, such as 硬件类 / 服务器类 / 小型机 (hardware / servers /
// minicomputer). It is immutable and safe for concurrent use; its methods
// return copies.
type Categories struct {
	nodes    []CategoryNode // deep copy of the input
	entries  []CategoryEntry
	index    map[Category]int
	children map[Category][]int // "" holds the top level
}

const categoriesName = "categories"

// NewCategories validates a tree and builds it; nodes is deep-copied. It
// fails with a *TableError listing every problem: an empty tree, a
// malformed code, a code or a name used twice among siblings, a missing
// name, a tree deeper than MaxCategoryDepth.
func NewCategories(nodes []CategoryNode) (*Categories, error) {
	c := &Categories{
		nodes:    cloneNodes(nodes),
		index:    make(map[Category]int),
		children: make(map[Category][]int),
	}
	var p problems
	if len(nodes) == 0 {
		p.add(categoriesName, "", "", "has no entries")
	}
	c.add(&p, categoriesName, "", 1, c.nodes)
	if err := p.err(); err != nil {
		return nil, err
	}
	return c, nil
}

// add validates and indexes the sibling nodes at level below parent.
func (c *Categories) add(p *problems, path string, parent Category, level int, nodes []CategoryNode) {
	codes := make(map[string]string, len(nodes))
	zh := make(map[string]string, len(nodes))
	en := make(map[string]string, len(nodes))
	for i, n := range nodes {
		np := fmt.Sprintf("%s[%d]", path, i)
		code := n.Code
		if parent != "" {
			code = string(parent) + "." + n.Code
		}
		p.checkCode(np, n.Code)
		p.checkName(np, code, "name", n.Name)
		p.checkDescription(np, code, "description", n.Description)
		dup := false
		for _, u := range []struct {
			seen  map[string]string
			key   string
			field string
		}{{codes, n.Code, "code"}, {zh, n.Name.ZH, "name.zh"}, {en, n.Name.EN, "name.en"}} {
			if u.key == "" {
				continue
			}
			if first, ok := u.seen[u.key]; ok {
				p.add(np, code, u.field, "duplicates "+first)
				dup = dup || u.field == "code"
			} else {
				u.seen[u.key] = np
			}
		}
		if level == MaxCategoryDepth && len(n.Children) > 0 {
			p.addf(np, code, "children", "go deeper than %d levels", MaxCategoryDepth)
			continue
		}
		if dup {
			continue
		}
		e := CategoryEntry{
			Code:        Category(code),
			Name:        n.Name,
			Description: n.Description,
			Level:       level,
			Parent:      parent,
			Leaf:        len(n.Children) == 0,
		}
		c.index[e.Code] = len(c.entries)
		c.children[parent] = append(c.children[parent], len(c.entries))
		c.entries = append(c.entries, e)
		c.add(p, np+".children", e.Code, level+1, n.Children)
	}
}

func cloneNodes(nodes []CategoryNode) []CategoryNode {
	if nodes == nil {
		return nil
	}
	out := make([]CategoryNode, len(nodes))
	for i, n := range nodes {
		out[i] = n
		out[i].Children = cloneNodes(n.Children)
	}
	return out
}

// Lookup returns the category with the given code, or an
// *UnknownCodeError.
func (c *Categories) Lookup(code Category) (CategoryEntry, error) {
	i, ok := c.index[code]
	if !ok {
		return CategoryEntry{}, &UnknownCodeError{Table: categoriesName, Code: string(code)}
	}
	return c.entries[i], nil
}

// LookupPath returns the category at the end of a path from the top level
// down. Each part of the path matches a node's own code, its Chinese name
// or its English name, exactly:
//
//	LookupPath("硬件类", "服务器类", "小型机")
//	LookupPath("Hardware", "Servers", "Minicomputer")
//	LookupPath("hardware", "server", "minicomputer")
//
// It fails with an *UnknownCodeError whose Code is the path joined by
// " / " if no category matches, or if the path is empty.
func (c *Categories) LookupPath(path ...string) (CategoryEntry, error) {
	var parent Category
	found := -1
	for _, part := range path {
		found = -1
		for _, i := range c.children[parent] {
			e := c.entries[i]
			own := string(e.Code)
			if parent != "" {
				own = own[len(parent)+1:]
			}
			if part == own || part == e.Name.ZH || part == e.Name.EN {
				found = i
				break
			}
		}
		if found < 0 {
			break
		}
		parent = c.entries[found].Code
	}
	if found < 0 {
		return CategoryEntry{}, &UnknownCodeError{Table: categoriesName, Code: strings.Join(path, " / ")}
	}
	return c.entries[found], nil
}

// Children returns the categories one level below code, in display order,
// in a new slice; code "" gives the top level. It fails with an
// *UnknownCodeError if code is not in the tree.
func (c *Categories) Children(code Category) ([]CategoryEntry, error) {
	if _, ok := c.index[code]; !ok && code != "" {
		return nil, &UnknownCodeError{Table: categoriesName, Code: string(code)}
	}
	idx := c.children[code]
	out := make([]CategoryEntry, len(idx))
	for i, j := range idx {
		out[i] = c.entries[j]
	}
	return out, nil
}

// Path returns the categories from the top level down to code, in a new
// slice, or an *UnknownCodeError if code is not in the tree.
func (c *Categories) Path(code Category) ([]CategoryEntry, error) {
	e, err := c.Lookup(code)
	if err != nil {
		return nil, err
	}
	out := make([]CategoryEntry, e.Level)
	for i := e.Level - 1; i >= 0; i-- {
		out[i] = e
		if e.Parent != "" {
			e = c.entries[c.index[e.Parent]]
		}
	}
	return out, nil
}

// Entries returns every category, depth first in display order (each
// category before its children), in a new slice.
func (c *Categories) Entries() []CategoryEntry { return slices.Clone(c.entries) }

// Nodes returns the tree as it was given, a deep copy: change it and call
// NewCategories to derive a tree of your own.
func (c *Categories) Nodes() []CategoryNode { return cloneNodes(c.nodes) }

// Within reports whether c is parent or a category below it: "hardware"
// holds "hardware" and "hardware.server.blade", not "hardwareware". An empty
// parent holds nothing.
func (c Category) Within(parent Category) bool {
	if parent == "" {
		return false
	}
	return c == parent || (len(c) > len(parent) && c[len(parent)] == '.' && c[:len(parent)] == parent)
}
