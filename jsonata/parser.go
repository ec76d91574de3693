package jsonata

// The parser is a Pratt (top-down operator precedence) parser, like the one
// in jsonata-js: every token has a left binding power, a prefix ("nud") and an
// infix ("led") parse action.

// bindingPower returns the left binding power of a token.
func bindingPower(t token) int {
	if t.typ != tokOperator {
		return 0
	}
	switch t.value {
	case ".":
		return 75
	case "[", "(", "@", "#":
		return 80
	case "{":
		return 70
	case "*", "/", "%":
		return 60
	case "+", "-", "&":
		return 50
	case "=", "<", ">", "!=", "<=", ">=", "^", "~>", "in", "?:", "??":
		return 40
	case "and":
		return 30
	case "or":
		return 25
	case "?":
		return 20
	case ":=":
		return 10
	}
	return 0
}

// knownOperator reports whether the operator has an entry in the symbol table.
func knownOperator(op string) bool {
	switch op {
	case "!", "~":
		return false
	}
	return true
}

type parser struct {
	lex   lexer
	cur   token
	depth int
}

// maxParseDepth bounds the nesting of the expression so that hostile input
// cannot exhaust the stack.
const maxParseDepth = 2000

// parse parses src into a processed AST.
func parse(src string) (*node, *evalError) {
	p := &parser{lex: lexer{src: src}}
	if err := p.advance("", false); err != nil {
		return nil, err
	}
	expr, err := p.expression(0)
	if err != nil {
		return nil, err
	}
	if p.cur.typ != tokEnd {
		return nil, withTokenOf(newError("S0201").at(p.cur.pos), p.cur)
	}
	pp := &postParser{}
	result, err := pp.process(expr)
	if err != nil {
		return nil, err
	}
	if result.kind == kParent || result.seekingParent != nil {
		return nil, newError("S0217").at(result.pos).withToken(kindName(result.kind))
	}
	return result, nil
}

// withTokenOf records token t on an error.
func withTokenOf(e *evalError, t token) *evalError {
	e = e.withToken(tokenText(t))
	if t.typ == tokRegex {
		e.tokenJSON = "{}"
	}
	return e
}

// tokenText is the token's value as jsonata-js reports it in errors.
func tokenText(t token) string {
	switch t.typ {
	case tokEnd:
		return "(end)"
	case tokNumber:
		return formatJSNumber(t.num)
	case tokValue:
		switch t.val {
		case true:
			return "true"
		case false:
			return "false"
		}
		return "null"
	case tokRegex:
		return "/" + t.re.source + "/"
	}
	return t.value
}

func (p *parser) isOp(op string) bool {
	return p.cur.typ == tokOperator && p.cur.value == op
}

// advance checks that the current token is the operator id (when given) and
// moves to the next token.
func (p *parser) advance(id string, infix bool) *evalError {
	if id != "" && !p.isOp(id) {
		code := "S0202"
		if p.cur.typ == tokEnd {
			code = "S0203"
		}
		e := withTokenOf(newError(code).at(p.cur.pos), p.cur)
		e.value, e.hasValue = id, true
		return e
	}
	t, err := p.lex.next(infix)
	if err != nil {
		return err
	}
	if t.typ == tokOperator && !knownOperator(t.value) {
		return newError("S0204").at(t.pos).withToken(t.value)
	}
	p.cur = t
	return nil
}

func (p *parser) expression(rbp int) (*node, *evalError) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxParseDepth {
		return nil, newError(codeStackOverflow).at(p.cur.pos)
	}
	t := p.cur
	if err := p.advance("", true); err != nil {
		return nil, err
	}
	left, err := p.nud(t)
	if err != nil {
		return nil, err
	}
	for rbp < bindingPower(p.cur) {
		t = p.cur
		if err := p.advance("", false); err != nil {
			return nil, err
		}
		left, err = p.led(t, left)
		if err != nil {
			return nil, err
		}
	}
	return left, nil
}

// nud is the prefix parse action of token t (which has been consumed).
func (p *parser) nud(t token) (*node, *evalError) {
	switch t.typ {
	case tokName:
		return &node{kind: kName, str: t.value, pos: t.pos}, nil
	case tokVariable:
		return &node{kind: kVariable, str: t.value, pos: t.pos}, nil
	case tokString:
		return &node{kind: kString, str: t.value, pos: t.pos}, nil
	case tokNumber:
		return &node{kind: kNumber, num: t.num, pos: t.pos}, nil
	case tokValue:
		return &node{kind: kValue, val: t.val, pos: t.pos}, nil
	case tokRegex:
		return &node{kind: kRegex, re: t.re, pos: t.pos}, nil
	case tokEnd:
		return &node{kind: kEnd, pos: t.pos}, nil
	}
	switch t.value {
	case "and", "or", "in":
		return &node{kind: kOperator, str: t.value, pos: t.pos}, nil
	case "-":
		operand, err := p.expression(70)
		if err != nil {
			return nil, err
		}
		return &node{kind: kNegate, lhs: operand, pos: t.pos}, nil
	case "*":
		return &node{kind: kWildcard, str: "*", pos: t.pos}, nil
	case "**":
		return &node{kind: kDescendant, str: "**", pos: t.pos}, nil
	case "%":
		return &node{kind: kParent, pos: t.pos}, nil
	case "(":
		n := &node{kind: kBlock, pos: t.pos}
		for !p.isOp(")") {
			e, err := p.expression(0)
			if err != nil {
				return nil, err
			}
			n.items = append(n.items, e)
			if !p.isOp(";") {
				break
			}
			if err := p.advance(";", false); err != nil {
				return nil, err
			}
		}
		if err := p.advance(")", true); err != nil {
			return nil, err
		}
		return n, nil
	case "[":
		n := &node{kind: kArray, pos: t.pos}
		if !p.isOp("]") {
			for {
				item, err := p.expression(0)
				if err != nil {
					return nil, err
				}
				if p.isOp("..") {
					r := &node{kind: kRawBinary, op: "..", pos: p.cur.pos, lhs: item}
					if err := p.advance("..", false); err != nil {
						return nil, err
					}
					if r.rhs, err = p.expression(0); err != nil {
						return nil, err
					}
					item = r
				}
				n.items = append(n.items, item)
				if !p.isOp(",") {
					break
				}
				if err := p.advance(",", false); err != nil {
					return nil, err
				}
			}
		}
		if err := p.advance("]", true); err != nil {
			return nil, err
		}
		return n, nil
	case "{":
		pairs, err := p.objectPairs()
		if err != nil {
			return nil, err
		}
		return &node{kind: kObject, pairs: pairs, pos: t.pos}, nil
	case "|":
		n := &node{kind: kTransform, pos: t.pos}
		var err *evalError
		if n.pattern, err = p.expression(0); err != nil {
			return nil, err
		}
		if err := p.advance("|", false); err != nil {
			return nil, err
		}
		if n.update, err = p.expression(0); err != nil {
			return nil, err
		}
		if p.isOp(",") {
			if err := p.advance(",", false); err != nil {
				return nil, err
			}
			if n.del, err = p.expression(0); err != nil {
				return nil, err
			}
		}
		if err := p.advance("|", false); err != nil {
			return nil, err
		}
		return n, nil
	}
	return nil, newError("S0211").at(t.pos).withToken(t.value)
}

func (p *parser) objectPairs() ([][2]*node, *evalError) {
	var pairs [][2]*node
	if !p.isOp("}") {
		for {
			k, err := p.expression(0)
			if err != nil {
				return nil, err
			}
			if err := p.advance(":", false); err != nil {
				return nil, err
			}
			v, err := p.expression(0)
			if err != nil {
				return nil, err
			}
			pairs = append(pairs, [2]*node{k, v})
			if !p.isOp(",") {
				break
			}
			if err := p.advance(",", false); err != nil {
				return nil, err
			}
		}
	}
	if err := p.advance("}", true); err != nil {
		return nil, err
	}
	return pairs, nil
}

// led is the infix parse action of operator token t (which has been consumed).
func (p *parser) led(t token, left *node) (*node, *evalError) {
	op := t.value
	switch op {
	case ".", "+", "-", "*", "/", "%", "=", "<", ">", "!=", "<=", ">=", "&", "and", "or", "in", "~>":
		rhs, err := p.expression(bindingPower(t))
		if err != nil {
			return nil, err
		}
		return &node{kind: kRawBinary, op: op, lhs: left, rhs: rhs, pos: t.pos}, nil
	case "(":
		return p.call(t, left)
	case "[":
		if p.isOp("]") {
			step := left
			for step != nil && step.kind == kRawPredicate {
				step = step.lhs
			}
			step.keepArray = true
			if err := p.advance("]", false); err != nil {
				return nil, err
			}
			return left, nil
		}
		rhs, err := p.expression(0)
		if err != nil {
			return nil, err
		}
		if err := p.advance("]", true); err != nil {
			return nil, err
		}
		return &node{kind: kRawPredicate, lhs: left, rhs: rhs, pos: t.pos}, nil
	case "^":
		if err := p.advance("(", false); err != nil {
			return nil, err
		}
		n := &node{kind: kRawSort, lhs: left, pos: t.pos}
		for {
			var term sortTerm
			if p.isOp("<") {
				if err := p.advance("<", false); err != nil {
					return nil, err
				}
			} else if p.isOp(">") {
				term.descending = true
				if err := p.advance(">", false); err != nil {
					return nil, err
				}
			}
			e, err := p.expression(0)
			if err != nil {
				return nil, err
			}
			term.expr = e
			n.terms = append(n.terms, term)
			if !p.isOp(",") {
				break
			}
			if err := p.advance(",", false); err != nil {
				return nil, err
			}
		}
		if err := p.advance(")", false); err != nil {
			return nil, err
		}
		return n, nil
	case "{":
		pairs, err := p.objectPairs()
		if err != nil {
			return nil, err
		}
		return &node{kind: kRawGroup, lhs: left, pairs: pairs, pos: t.pos}, nil
	case ":=":
		if left.kind != kVariable {
			return nil, newError("S0212").at(left.pos).withToken(nodeText(left))
		}
		rhs, err := p.expression(9)
		if err != nil {
			return nil, err
		}
		return &node{kind: kRawBinary, op: ":=", lhs: left, rhs: rhs, pos: t.pos}, nil
	case "@", "#":
		rhs, err := p.expression(80)
		if err != nil {
			return nil, err
		}
		if rhs.kind != kVariable {
			return nil, newError("S0214").at(rhs.pos).withToken(op)
		}
		k := kRawFocus
		if op == "#" {
			k = kRawIndex
		}
		return &node{kind: k, lhs: left, rhs: rhs, pos: t.pos}, nil
	case "?":
		n := &node{kind: kCondition, cond: left, pos: t.pos}
		var err *evalError
		if n.then, err = p.expression(0); err != nil {
			return nil, err
		}
		if p.isOp(":") {
			if err := p.advance(":", false); err != nil {
				return nil, err
			}
			if n.els, err = p.expression(0); err != nil {
				return nil, err
			}
		}
		return n, nil
	case "??", "?:":
		rhs, err := p.expression(0)
		if err != nil {
			return nil, err
		}
		k := kCoalesce
		if op == "?:" {
			k = kElvis
		}
		return &node{kind: k, lhs: left, rhs: rhs, pos: t.pos}, nil
	}
	return nil, newError("S0211").at(t.pos).withToken(op)
}

// nodeText is the 'value' of a parse node as reported in error tokens.
func nodeText(n *node) string {
	switch n.kind {
	case kNumber:
		return formatJSNumber(n.num)
	case kRawBinary:
		return n.op
	}
	return n.str
}

// call parses a function invocation, partial application or lambda
// definition after the '('.
func (p *parser) call(t token, left *node) (*node, *evalError) {
	n := &node{kind: kFunction, procedure: left, pos: t.pos}
	if !p.isOp(")") {
		for {
			if p.isOp("?") {
				n.kind = kPartial
				n.items = append(n.items, &node{kind: kPlaceholder, pos: p.cur.pos})
				if err := p.advance("?", false); err != nil {
					return nil, err
				}
			} else {
				arg, err := p.expression(0)
				if err != nil {
					return nil, err
				}
				n.items = append(n.items, arg)
			}
			if !p.isOp(",") {
				break
			}
			if err := p.advance(",", false); err != nil {
				return nil, err
			}
		}
	}
	if err := p.advance(")", true); err != nil {
		return nil, err
	}
	if left.kind != kName || (left.str != "function" && left.str != "λ") {
		return n, nil
	}
	// lambda definition
	lambda := &node{kind: kLambda, pos: t.pos}
	for i, arg := range n.items {
		if arg.kind != kVariable {
			e := newError("S0208").at(arg.pos).withToken(nodeText(arg))
			e.value, e.hasValue = float64(i+1), true
			return nil, e
		}
		lambda.params = append(lambda.params, arg.str)
	}
	if p.isOp("<") {
		sigPos := p.cur.pos
		depth := 1
		sig := "<"
		for depth > 0 && !p.isOp("{") && p.cur.typ != tokEnd {
			if err := p.advance("", false); err != nil {
				return nil, err
			}
			if p.isOp(">") {
				depth--
			} else if p.isOp("<") {
				depth++
			}
			sig += tokenText(p.cur)
		}
		if err := p.advance(">", false); err != nil {
			return nil, err
		}
		s, err := parseSignature(sig)
		if err != nil {
			return nil, err.at(sigPos + err.position)
		}
		lambda.sig = s
	}
	if err := p.advance("{", false); err != nil {
		return nil, err
	}
	body, err := p.expression(0)
	if err != nil {
		return nil, err
	}
	lambda.body = body
	if err := p.advance("}", false); err != nil {
		return nil, err
	}
	return lambda, nil
}

func kindName(k kind) string {
	switch k {
	case kParent:
		return "parent"
	case kPath:
		return "path"
	case kName:
		return "name"
	case kVariable:
		return "variable"
	case kFunction:
		return "function"
	case kBlock:
		return "block"
	}
	return "expression"
}
