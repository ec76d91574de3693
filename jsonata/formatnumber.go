package jsonata

import (
	"math"
	"strings"
)

// $formatNumber after XPath F&O 3.1 fn:format-number, as implemented by
// jsonata-js. Strings are handled as rune slices (JavaScript uses UTF-16
// code units; the two agree for the Basic Multilingual Plane).

type runes []rune

func (r runes) indexOf(sub runes, from int) int {
	if from < 0 {
		from = 0
	}
	if len(sub) == 0 {
		if from > len(r) {
			return len(r)
		}
		return from
	}
	for i := from; i+len(sub) <= len(r); i++ {
		match := true
		for j := range sub {
			if r[i+j] != sub[j] {
				match = false
				break
			}
		}
		if match {
			return i
		}
	}
	return -1
}

func (r runes) lastIndexOf(sub runes) int {
	for i := len(r) - len(sub); i >= 0; i-- {
		match := true
		for j := range sub {
			if r[i+j] != sub[j] {
				match = false
				break
			}
		}
		if match {
			return i
		}
	}
	return -1
}

// substring is String.prototype.substring.
func (r runes) substring(a, b int) runes {
	a = max(0, min(a, len(r)))
	b = max(0, min(b, len(r)))
	if a > b {
		a, b = b, a
	}
	return r[a:b]
}

func (r runes) contains(sub runes) bool { return r.indexOf(sub, 0) >= 0 }

// insert concatenates r.slice(0, at), s and r.slice(at): a negative position
// counts from the end, as String.prototype.slice does.
func (r runes) insert(at int, s runes) runes {
	if at < 0 {
		at += len(r)
	}
	at = max(0, min(at, len(r)))
	out := make(runes, 0, len(r)+len(s))
	out = append(out, r[:at]...)
	out = append(out, s...)
	return append(out, r[at:]...)
}

type numberPictureParts struct {
	prefix, suffix, activePart, mantissaPart runes
	exponentPart                             runes
	hasExponent                              bool
	integerPart, fractionalPart              runes
	subpicture                               runes
}

type numberPicture struct {
	integerGroupingPositions    []int
	regularGrouping             int
	minimumIntegerPartSize      int
	scalingFactor               int
	prefix, suffix              runes
	fractionalGroupingPositions []int
	minimumFractionalPartSize   int
	maximumFractionalPartSize   int
	minimumExponentSize         int
	picture                     runes
}

func fnFormatNumber(ev *evaluator, _ callCtx, args []any) (any, error) {
	v := argAt(args, 0)
	if isUndefined(v) {
		return Undefined, nil
	}
	props := map[string]string{
		"decimal-separator":  ".",
		"grouping-separator": ",",
		"exponent-separator": "e",
		"infinity":           "Infinity",
		"minus-sign":         "-",
		"NaN":                "NaN",
		"percent":            "%",
		"per-mille":          "\u2030",
		"zero-digit":         "0",
		"digit":              "#",
		"pattern-separator":  ";",
	}
	if opts := argAt(args, 2); isObject(opts) {
		for _, k := range objectKeys(opts) {
			ov, _ := objectGet(opts, k)
			props[k] = jsString(ov)
		}
	}
	p := func(k string) runes { return runes(props[k]) }
	decSep, groupSep, expSep := p("decimal-separator"), p("grouping-separator"), p("exponent-separator")
	digitChar, patSep := p("digit"), p("pattern-separator")
	percent, permille := p("percent"), p("per-mille")
	minusSign, zeroDigit := p("minus-sign"), p("zero-digit")
	var zero rune
	if len(zeroDigit) > 0 {
		zero = zeroDigit[0]
	}
	family := make([]rune, 10)
	for i := range family {
		family[i] = zero + rune(i)
	}
	isDigit := func(c rune) bool { return c >= zero && c < zero+10 }
	eq := func(c rune, s runes) bool { return len(s) == 1 && s[0] == c }
	isActive := func(c rune) bool {
		return isDigit(c) || eq(c, decSep) || eq(c, expSep) || eq(c, groupSep) || eq(c, digitChar) || eq(c, patSep)
	}
	count := func(r runes, pred func(rune) bool) int {
		n := 0
		for _, c := range r {
			if pred(c) {
				n++
			}
		}
		return n
	}

	picture := runes(str(argAt(args, 1)))
	// the analysis below searches the picture for each property, and
	// grouping separators are inserted one by one into the digits (at most
	// the picture's or the number's): charge for that work before doing it
	longest := 1
	for _, v := range props {
		longest = max(longest, len(v))
	}
	groups := 0
	if len(groupSep) > 0 {
		groups = strings.Count(string(picture), string(groupSep))
	}
	digits := float64(len(picture) + 24)
	if math.Abs(num(v)) >= 1e21 {
		digits += 310
	}
	if err := ev.scanf(float64(len(picture))*float64(longest) + float64(groups)*digits); err != nil {
		return nil, err
	}
	if err := ev.ensureString(4 * (digits + float64(len(picture)))); err != nil {
		return nil, err
	}
	var subPictures []runes
	if len(patSep) == 0 {
		for _, c := range picture {
			subPictures = append(subPictures, runes{c})
		}
	} else {
		for _, s := range strings.Split(string(picture), string(patSep)) {
			subPictures = append(subPictures, runes(s))
		}
	}
	if len(subPictures) > 2 {
		return nil, newError("D3080")
	}

	splitParts := func(sub runes) numberPictureParts {
		var prefix, suffix runes
		for i, c := range sub {
			if isActive(c) && !eq(c, expSep) {
				prefix = sub[:i]
				break
			}
		}
		for i := len(sub) - 1; i >= 0; i-- {
			if isActive(sub[i]) && !eq(sub[i], expSep) {
				suffix = sub[i+1:]
				break
			}
		}
		parts := numberPictureParts{prefix: prefix, suffix: suffix, subpicture: sub}
		parts.activePart = sub.substring(len(prefix), len(sub)-len(suffix))
		expPos := sub.indexOf(expSep, len(prefix))
		if expPos == -1 || expPos > len(sub)-len(suffix) {
			parts.mantissaPart = parts.activePart
		} else {
			parts.mantissaPart = parts.activePart.substring(0, expPos)
			parts.exponentPart = parts.activePart.substring(expPos+1, len(parts.activePart))
			parts.hasExponent = true
		}
		if dp := parts.mantissaPart.indexOf(decSep, 0); dp == -1 {
			parts.integerPart = parts.mantissaPart
			parts.fractionalPart = suffix
		} else {
			parts.integerPart = parts.mantissaPart.substring(0, dp)
			parts.fractionalPart = parts.mantissaPart.substring(dp+1, len(parts.mantissaPart))
		}
		return parts
	}

	validate := func(parts numberPictureParts) error {
		code := ""
		sub := parts.subpicture
		decimalPos := sub.indexOf(decSep, 0)
		if decimalPos != sub.lastIndexOf(decSep) {
			code = "D3081"
		}
		if sub.indexOf(percent, 0) != sub.lastIndexOf(percent) {
			code = "D3082"
		}
		if sub.indexOf(permille, 0) != sub.lastIndexOf(permille) {
			code = "D3083"
		}
		if sub.contains(percent) && sub.contains(permille) {
			code = "D3084"
		}
		valid := false
		for _, c := range parts.mantissaPart {
			if isDigit(c) || eq(c, digitChar) {
				valid = true
				break
			}
		}
		if !valid {
			code = "D3085"
		}
		for _, c := range parts.activePart {
			if !isActive(c) {
				code = "D3086"
				break
			}
		}
		if decimalPos != -1 {
			before := decimalPos - 1
			after := decimalPos + 1
			if (before >= 0 && eq(sub[before], groupSep)) || (after < len(sub) && eq(sub[after], groupSep)) {
				code = "D3087"
			}
		} else if n := len(parts.integerPart); n > 0 && eq(parts.integerPart[n-1], groupSep) {
			code = "D3088"
		}
		if len(groupSep) > 0 && sub.contains(append(append(runes{}, groupSep...), groupSep...)) {
			code = "D3089"
		}
		if pos := parts.integerPart.indexOf(digitChar, 0); pos != -1 && len(digitChar) > 0 && count(parts.integerPart[:pos], isDigit) > 0 {
			code = "D3090"
		}
		if pos := parts.fractionalPart.lastIndexOf(digitChar); pos != -1 && len(digitChar) > 0 && count(parts.fractionalPart[pos:], isDigit) > 0 {
			code = "D3091"
		}
		if parts.hasExponent && len(parts.exponentPart) > 0 && (sub.contains(percent) || sub.contains(permille)) {
			code = "D3092"
		}
		if parts.hasExponent && (len(parts.exponentPart) == 0 || count(parts.exponentPart, func(c rune) bool { return !isDigit(c) }) > 0) {
			code = "D3093"
		}
		if code != "" {
			return newError(code)
		}
		return nil
	}

	analyse := func(parts numberPictureParts) numberPicture {
		groupingPositions := func(part runes, toLeft bool) []int {
			var positions []int
			gp := part.indexOf(groupSep, 0)
			for gp != -1 && len(groupSep) > 0 {
				var seg runes
				if toLeft {
					seg = part[:gp]
				} else {
					seg = part[gp:]
				}
				positions = append(positions, count(seg, func(c rune) bool { return isDigit(c) || eq(c, digitChar) }))
				gp = parts.integerPart.indexOf(groupSep, gp+1)
			}
			return positions
		}
		ip := groupingPositions(parts.integerPart, false)
		regular := 0
		if len(ip) > 0 {
			factor := ip[0]
			for _, x := range ip[1:] {
				factor = gcd(factor, x)
			}
			regular = factor
			for i := 1; i <= len(ip); i++ {
				found := false
				for _, x := range ip {
					if x == i*factor {
						found = true
						break
					}
				}
				if !found {
					regular = 0
					break
				}
			}
		}
		np := numberPicture{
			integerGroupingPositions:    ip,
			regularGrouping:             regular,
			fractionalGroupingPositions: groupingPositions(parts.fractionalPart, true),
			prefix:                      parts.prefix,
			suffix:                      parts.suffix,
			picture:                     parts.subpicture,
		}
		np.minimumIntegerPartSize = count(parts.integerPart, isDigit)
		np.scalingFactor = np.minimumIntegerPartSize
		np.minimumFractionalPartSize = count(parts.fractionalPart, isDigit)
		np.maximumFractionalPartSize = count(parts.fractionalPart, func(c rune) bool { return isDigit(c) || eq(c, digitChar) })
		if np.minimumIntegerPartSize == 0 && np.maximumFractionalPartSize == 0 {
			if parts.hasExponent {
				np.minimumFractionalPartSize = 1
				np.maximumFractionalPartSize = 1
			} else {
				np.minimumIntegerPartSize = 1
			}
		}
		if parts.hasExponent && np.minimumIntegerPartSize == 0 && parts.integerPart.contains(digitChar) {
			np.minimumIntegerPartSize = 1
		}
		if np.minimumIntegerPartSize == 0 && np.minimumFractionalPartSize == 0 {
			np.minimumFractionalPartSize = 1
		}
		if parts.hasExponent {
			np.minimumExponentSize = count(parts.exponentPart, isDigit)
		}
		return np
	}

	var pics []numberPicture
	var partsList []numberPictureParts
	for _, sp := range subPictures {
		partsList = append(partsList, splitParts(sp))
	}
	for _, parts := range partsList {
		if err := validate(parts); err != nil {
			return nil, err
		}
	}
	for _, parts := range partsList {
		pics = append(pics, analyse(parts))
	}
	if len(pics) == 1 {
		neg := pics[0]
		neg.prefix = append(append(runes{}, minusSign...), neg.prefix...)
		pics = append(pics, neg)
	}

	value := num(v)
	pic := pics[0]
	if !(value >= 0) {
		pic = pics[1]
	}
	adjusted := value
	if pic.picture.contains(percent) {
		adjusted = value * 100
	} else if pic.picture.contains(permille) {
		adjusted = value * 1000
	}
	mantissa := adjusted
	exponent := 0
	hasExponent := pic.minimumExponentSize != 0
	if hasExponent {
		maxMantissa := math.Pow(10, float64(pic.scalingFactor))
		minMantissa := math.Pow(10, float64(pic.scalingFactor-1))
		if mantissa != 0 && !math.IsNaN(mantissa) && !math.IsInf(mantissa, 0) {
			for math.Abs(mantissa) < minMantissa {
				mantissa *= 10
				exponent--
			}
			for math.Abs(mantissa) > maxMantissa {
				mantissa /= 10
				exponent++
			}
		}
	}
	rounded := roundHalfEven(mantissa, float64(pic.maximumFractionalPartSize))
	makeString := func(x float64, dp int) runes {
		s := toFixed(math.Abs(x), dp)
		r := runes(s)
		if zero != '0' {
			for i, c := range r {
				if c >= '0' && c <= '9' {
					r[i] = family[c-'0']
				}
			}
		}
		return r
	}
	sv := makeString(rounded, pic.maximumFractionalPartSize)
	if dot := sv.indexOf(runes("."), 0); dot == -1 {
		sv = append(sv, decSep...)
	} else {
		sv = append(append(append(runes{}, sv[:dot]...), decSep...), sv[dot+1:]...)
	}
	for len(sv) > 0 && sv[0] == zero {
		sv = sv[1:]
	}
	for len(sv) > 0 && sv[len(sv)-1] == zero {
		sv = sv[:len(sv)-1]
	}
	decimalPos := sv.indexOf(decSep, 0)
	padLeft := pic.minimumIntegerPartSize - decimalPos
	padRight := pic.minimumFractionalPartSize - (len(sv) - decimalPos - 1)
	if padLeft > 0 {
		sv = append(runes(strings.Repeat(string(zero), padLeft)), sv...)
	}
	if padRight > 0 {
		sv = append(sv, runes(strings.Repeat(string(zero), padRight))...)
	}
	decimalPos = sv.indexOf(decSep, 0)
	if pic.regularGrouping > 0 {
		groupCount := int(math.Floor(float64(decimalPos-1) / float64(pic.regularGrouping)))
		for group := 1; group <= groupCount; group++ {
			sv = sv.insert(decimalPos-group*pic.regularGrouping, groupSep)
		}
	} else {
		for _, pos := range pic.integerGroupingPositions {
			sv = sv.insert(decimalPos-pos, groupSep)
			decimalPos++
		}
	}
	decimalPos = sv.indexOf(decSep, 0)
	for _, pos := range pic.fractionalGroupingPositions {
		sv = sv.insert(pos+decimalPos+1, groupSep)
	}
	decimalPos = sv.indexOf(decSep, 0)
	if !pic.picture.contains(decSep) || decimalPos == len(sv)-1 {
		if len(sv) > 0 {
			sv = sv[:len(sv)-1]
		}
	}
	if hasExponent {
		se := makeString(float64(exponent), 0)
		if pad := pic.minimumExponentSize - len(se); pad > 0 {
			se = append(runes(strings.Repeat(string(zero), pad)), se...)
		}
		sv = append(sv, expSep...)
		if exponent < 0 {
			sv = append(sv, minusSign...)
		}
		sv = append(sv, se...)
	}
	out := string(pic.prefix) + string(sv) + string(pic.suffix)
	return out, ev.newString(len(out))
}
