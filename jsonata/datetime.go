package jsonata

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Date/time and integer formatting and parsing after XPath F&O 3.1
// (fn:format-integer, fn:format-dateTime), as implemented by jsonata-js.

var (
	fewWords     = []string{"Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven", "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen", "Nineteen"}
	ordinalWords = []string{"Zeroth", "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth", "Eleventh", "Twelfth", "Thirteenth", "Fourteenth", "Fifteenth", "Sixteenth", "Seventeenth", "Eighteenth", "Nineteenth"}
	decadeWords  = []string{"Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety", "Hundred"}
	magnitudes   = []string{"Thousand", "Million", "Billion", "Trillion"}
	dayNames     = []string{"", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	monthNames   = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
)

const millisInADay = 1000 * 60 * 60 * 24

func numberToWords(value float64, ordinal bool) string {
	var lookup func(num float64, prev, ord bool) string
	lookup = func(num float64, prev, ord bool) string {
		words := ""
		switch {
		case num <= 19:
			if prev {
				words = " and "
			}
			if ord {
				words += ordinalWords[int(num)]
			} else {
				words += fewWords[int(num)]
			}
		case num < 100:
			tens := int(math.Floor(num / 10))
			remainder := math.Mod(num, 10)
			if prev {
				words = " and "
			}
			words += decadeWords[tens-2]
			if remainder > 0 {
				words += "-" + lookup(remainder, false, ord)
			} else if ord {
				words = words[:len(words)-1] + "ieth"
			}
		case num < 1000:
			hundreds := int(math.Floor(num / 100))
			remainder := math.Mod(num, 100)
			if prev {
				words = ", "
			}
			words += fewWords[hundreds] + " Hundred"
			if remainder > 0 {
				words += lookup(remainder, true, ord)
			} else if ord {
				words += "th"
			}
		default:
			mag := decimalExponent(num) / 3 // floor(log10(num) / 3)
			if mag > len(magnitudes) {
				mag = len(magnitudes)
			}
			factor := math.Pow(10, float64(mag*3))
			mant := math.Floor(num / factor)
			remainder := num - mant*factor
			if prev {
				words = ", "
			}
			words += lookup(mant, false, false) + " " + magnitudes[mag-1]
			if remainder > 0 {
				words += lookup(remainder, true, ord)
			} else if ord {
				words += "th"
			}
		}
		return words
	}
	return lookup(value, false, ordinal)
}

// wordEntry is a number word and its value, in jsonata-js's table order.
type wordEntry struct {
	word  string
	value float64
}

var wordTable = buildWordTable()

func buildWordTable() []wordEntry {
	var t []wordEntry
	add := func(w string, v float64) {
		for i := range t {
			if t[i].word == w {
				t[i].value = v
				return
			}
		}
		t = append(t, wordEntry{w, v})
	}
	for i, w := range fewWords {
		add(strings.ToLower(w), float64(i))
	}
	for i, w := range ordinalWords {
		add(strings.ToLower(w), float64(i))
	}
	for i, w := range decadeWords {
		lw := strings.ToLower(w)
		add(lw, float64((i+2)*10))
		add(lw[:len(w)-1]+"ieth", float64((i+2)*10))
	}
	add("hundredth", 100)
	for i, w := range magnitudes {
		lw := strings.ToLower(w)
		v := math.Pow(10, float64((i+1)*3))
		add(lw, v)
		add(lw+"th", v)
	}
	return t
}

func wordValue(w string) (float64, bool) {
	for _, e := range wordTable {
		if e.word == w {
			return e.value, true
		}
	}
	return 0, false
}

var wordSplit = regexp.MustCompile(`,\s|\sand\s|[\s\\-]`)

func wordsToNumber(text string) float64 {
	parts := wordSplit.Split(text, -1)
	segs := []float64{0}
	for _, part := range parts {
		value, ok := wordValue(part)
		if !ok {
			value = math.NaN()
		}
		if value < 100 {
			top := segs[len(segs)-1]
			segs = segs[:len(segs)-1]
			if top >= 1000 {
				segs = append(segs, top)
				top = 0
			}
			segs = append(segs, top+value)
		} else {
			top := segs[len(segs)-1]
			segs = segs[:len(segs)-1]
			segs = append(segs, top*value)
		}
	}
	total := 0.0
	for _, s := range segs {
		total += s
	}
	return total
}

var romanNumerals = []struct {
	value   float64
	numeral string
}{
	{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"},
	{50, "l"}, {40, "xl"}, {10, "x"}, {9, "ix"}, {5, "v"}, {4, "iv"}, {1, "i"},
}

// decimalToRoman writes value in roman numerals (thousands as repeated
// 'm'); the caller bounds the value (see romanLength).
func decimalToRoman(value float64) string {
	var sb strings.Builder
	if value >= 1000 {
		n := math.Floor(value / 1000)
		sb.WriteString(strings.Repeat("m", int(n)))
		value -= n * 1000
	}
	for value >= 1 {
		for _, rn := range romanNumerals {
			if value >= rn.value {
				sb.WriteString(rn.numeral)
				value -= rn.value
				break
			}
		}
	}
	return sb.String()
}

func romanToDecimal(roman string) float64 {
	values := map[byte]float64{'M': 1000, 'D': 500, 'C': 100, 'L': 50, 'X': 10, 'V': 5, 'I': 1}
	decimal := 0.0
	maxV := 1.0
	for i := len(roman) - 1; i >= 0; i-- {
		v, ok := values[roman[i]]
		if !ok {
			v = math.NaN()
		}
		if v < maxV {
			decimal -= v
		} else {
			maxV = v
			decimal += v
		}
	}
	return decimal
}

func decimalToLetters(value float64, aChar byte) string {
	var letters []byte
	for value > 0 {
		letters = append([]byte{byte(math.Mod(value-1, 26)) + aChar}, letters...)
		value = math.Floor((value - 1) / 26)
	}
	return string(letters)
}

func lettersToDecimal(letters string, aChar byte) float64 {
	decimal := 0.0
	for i := 0; i < len(letters); i++ {
		decimal += float64(int(letters[len(letters)-i-1])-int(aChar)+1) * math.Pow(26, float64(i))
	}
	return decimal
}

type intFormatKind int

const (
	fmtDecimal intFormatKind = iota
	fmtLetters
	fmtRoman
	fmtWords
	fmtSequence
)

type letterCase int

const (
	caseLower letterCase = iota
	caseUpper
	caseTitle
)

type groupingSeparator struct {
	position  int
	character string
}

// integerFormat is an analysed integer picture.
type integerFormat struct {
	primary         intFormatKind
	letterCase      letterCase
	ordinal         bool
	zeroCode        rune
	mandatoryDigits int
	optionalDigits  int
	regular         bool
	separators      []groupingSeparator // the repeating separator when regular
	token           string
	parseWidth      int
}

var decimalGroups = []rune{0x30, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func analyseIntegerPicture(picture string) (*integerFormat, error) {
	f := &integerFormat{primary: fmtDecimal, letterCase: caseLower}
	primary := picture
	if semi := strings.LastIndexByte(picture, ';'); semi >= 0 {
		primary = picture[:semi]
		if strings.HasPrefix(picture[semi+1:], "o") {
			f.ordinal = true
		}
	}
	switch primary {
	case "A":
		f.letterCase = caseUpper
		f.primary = fmtLetters
	case "a":
		f.primary = fmtLetters
	case "I":
		f.letterCase = caseUpper
		f.primary = fmtRoman
	case "i":
		f.primary = fmtRoman
	case "W":
		f.letterCase = caseUpper
		f.primary = fmtWords
	case "Ww":
		f.letterCase = caseTitle
		f.primary = fmtWords
	case "w":
		f.primary = fmtWords
	default:
		zeroCode := rune(-1)
		var seps []groupingSeparator
		sepPos := 0
		runes := []rune(primary)
		for i := len(runes) - 1; i >= 0; i-- {
			cp := runes[i]
			digit := false
			for _, g := range decimalGroups {
				if cp >= g && cp <= g+9 {
					digit = true
					f.mandatoryDigits++
					sepPos++
					if zeroCode < 0 {
						zeroCode = g
					} else if g != zeroCode {
						return nil, newError("D3131")
					}
					break
				}
			}
			if !digit {
				if cp == '#' {
					sepPos++
					f.optionalDigits++
				} else {
					seps = append(seps, groupingSeparator{position: sepPos, character: string(cp)})
				}
			}
		}
		if f.mandatoryDigits > 0 {
			f.zeroCode = zeroCode
			if r := regularRepeat(seps); r > 0 {
				f.regular = true
				f.separators = []groupingSeparator{{position: r, character: seps[0].character}}
			} else {
				f.separators = seps
			}
		} else {
			f.primary = fmtSequence
			f.token = primary
		}
	}
	return f, nil
}

func regularRepeat(seps []groupingSeparator) int {
	if len(seps) == 0 {
		return 0
	}
	for _, s := range seps[1:] {
		if s.character != seps[0].character {
			return 0
		}
	}
	factor := seps[0].position
	for _, s := range seps[1:] {
		factor = gcd(factor, s.position)
	}
	positions := make(map[int]bool, len(seps))
	for _, s := range seps {
		positions[s.position] = true
	}
	for i := 1; i <= len(seps); i++ {
		if !positions[i*factor] {
			return 0
		}
	}
	return factor
}

func formatIntegerWith(value float64, f *integerFormat) (string, error) {
	negative := value < 0
	value = math.Abs(value)
	var s string
	switch f.primary {
	case fmtLetters:
		a := byte('a')
		if f.letterCase == caseUpper {
			a = 'A'
		}
		s = decimalToLetters(value, a)
	case fmtRoman:
		s = decimalToRoman(value)
		if f.letterCase == caseUpper {
			s = strings.ToUpper(s)
		}
	case fmtWords:
		s = numberToWords(value, f.ordinal)
		switch f.letterCase {
		case caseUpper:
			s = strings.ToUpper(s)
		case caseLower:
			s = strings.ToLower(s)
		}
	case fmtDecimal:
		s = formatJSNumber(value)
		if pad := f.mandatoryDigits - utf16Len(s); pad > 0 {
			s = strings.Repeat("0", pad) + s
		}
		if f.zeroCode != 0x30 {
			var sb strings.Builder
			for _, r := range s {
				sb.WriteRune(r + f.zeroCode - 0x30)
			}
			s = sb.String()
		}
		s = insertGroupingSeparators(s, f)
		if f.ordinal {
			units := utf16Units(s)
			last := units[len(units)-1]
			suffix := map[uint16]string{'1': "st", '2': "nd", '3': "rd"}[last]
			if suffix == "" || (len(units) > 1 && units[len(units)-2] == '1') {
				suffix = "th"
			}
			s += suffix
		}
	case fmtSequence:
		return "", newError("D3130").withValue(f.token)
	}
	if negative {
		s = "-" + s
	}
	return s, nil
}

// insertGroupingSeparators inserts the grouping separators of f into the
// digits s as jsonata-js does: one separator at a time, each at a UTF-16
// index counted from the end. When every separator falls within the
// digits, that is done in one pass.
func insertGroupingSeparators(s string, f *integerFormat) string {
	if len(f.separators) == 0 {
		return s
	}
	units := utf16Units(s)
	n := len(units)
	var cuts []int
	var chars []string
	if f.regular {
		pos := f.separators[0].position
		for ii := (n - 1) / pos; ii > 0; ii-- {
			cuts = append(cuts, n-ii*pos)
			chars = append(chars, f.separators[0].character)
		}
	} else {
		for i := len(f.separators) - 1; i >= 0; i-- {
			sep := f.separators[i]
			if sep.position > n {
				return insertSeparatorsOneByOne(s, f.separators)
			}
			cuts = append(cuts, n-sep.position)
			chars = append(chars, sep.character)
		}
	}
	var sb strings.Builder
	prev := 0
	for i, c := range cuts {
		sb.WriteString(unitsToString(units[prev:c]))
		sb.WriteString(chars[i])
		prev = c
	}
	sb.WriteString(unitsToString(units[prev:]))
	return sb.String()
}

// insertSeparatorsOneByOne is s.substr(0, p) + separator + s.substr(p) for
// each separator, with substr's handling of a negative p (an empty head, a
// tail counted from the end).
func insertSeparatorsOneByOne(s string, seps []groupingSeparator) string {
	insertSep := func(s string, p int, sep string) string {
		units := utf16Units(s)
		head := ""
		if p > 0 {
			head = unitsToString(units[:min(p, len(units))])
		}
		tail := p
		if tail < 0 {
			tail = max(len(units)+tail, 0)
		}
		return head + sep + unitsToString(units[min(tail, len(units)):])
	}
	for i := len(seps) - 1; i >= 0; i-- {
		sep := seps[i]
		s = insertSep(s, utf16Len(s)-sep.position, sep.character)
	}
	return s
}

func fnFormatInteger(ev *evaluator, _ callCtx, args []any) (any, error) {
	v := argAt(args, 0)
	if isUndefined(v) {
		return Undefined, nil
	}
	picture := str(argAt(args, 1))
	if err := ev.scan(len(picture)); err != nil {
		return nil, err
	}
	f, err := analyseIntegerPicture(picture)
	if err != nil {
		return nil, err
	}
	value := math.Floor(num(v))
	if err := ev.ensureFormattedInteger(value, f); err != nil {
		return nil, err
	}
	s, err := formatIntegerWith(value, f)
	if err != nil {
		return nil, err
	}
	return s, ev.newString(len(s))
}

// ensureFormattedInteger checks, before value is formatted with f, that
// the result (of at most the estimated size) can be built and charges for
// inserting grouping separators one by one.
func (ev *evaluator) ensureFormattedInteger(value float64, f *integerFormat) error {
	size := 64.0
	switch f.primary {
	case fmtRoman:
		size += math.Abs(value) / 1000
	case fmtWords:
		size += 4096
	case fmtDecimal:
		digits := math.Max(float64(f.mandatoryDigits), 310)
		size += 4 * digits
		if f.regular {
			size += 4 * digits / float64(f.separators[0].position)
		} else if len(f.separators) > 0 {
			size += 4 * float64(len(f.separators))
			// separators inserted one by one (when the picture is longer
			// than the number): each insertion copies the string
			if err := ev.scanf(float64(len(f.separators)) * (digits + 2*float64(len(f.separators)))); err != nil {
				return err
			}
		}
	}
	return ev.ensureString(size)
}

// ---- date/time pictures

type pictureWidth struct {
	min, max       int
	hasMin, hasMax bool
}

type picturePart struct {
	literal       bool
	value         string // literal text
	component     byte
	width         *pictureWidth
	presentation1 string
	presentation2 string
	ordinal       bool
	names         letterCase
	hasNames      bool
	integerFormat *integerFormat
	n             int
}

var defaultPresentation = map[byte]string{
	'Y': "1", 'M': "1", 'D': "1", 'd': "1", 'F': "n", 'W': "1", 'w': "1", 'X': "1", 'x': "1", 'H': "1", 'h': "1",
	'P': "n", 'm': "01", 's': "01", 'f': "1", 'Z': "01:01", 'z': "01:01", 'C': "n", 'E': "n",
}

// removeSpace removes the characters of the RE2 class \s.
func removeSpace(s string) string {
	if strings.IndexAny(s, "\t\n\f\r ") < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case '\t', '\n', '\f', '\r', ' ':
			return -1
		}
		return r
	}, s)
}

// maxCachedPictures bounds the date/time pictures an evaluation keeps
// analysed.
const maxCachedPictures = 64

// datePicture returns the analysed date/time picture, from the
// evaluation's cache when it was analysed before (parts are not modified
// once analysed).
func (ev *evaluator) datePicture(picture string) ([]*picturePart, error) {
	if ev.dates == nil {
		ev.dates = &dateCache{pictures: map[string][]*picturePart{}, parsers: map[string]*dateParser{}}
	}
	if spec, ok := ev.dates.pictures[picture]; ok {
		return spec, nil
	}
	if err := ev.scan(len(picture)); err != nil {
		return nil, err
	}
	spec, err := analyseDateTimePicture(picture)
	if err != nil {
		return nil, err
	}
	if len(ev.dates.pictures) < maxCachedPictures {
		ev.dates.pictures[picture] = spec
	}
	return spec, nil
}

func analyseDateTimePicture(picture string) ([]*picturePart, error) {
	var spec []*picturePart
	addLiteral := func(start, end int) {
		if end > start {
			lit := strings.ReplaceAll(picture[start:end], "]]", "]")
			spec = append(spec, &picturePart{literal: true, value: lit})
		}
	}
	start, pos := 0, 0
	for pos < len(picture) {
		if picture[pos] == '[' {
			if pos+1 < len(picture) && picture[pos+1] == '[' {
				addLiteral(start, pos)
				spec = append(spec, &picturePart{literal: true, value: "["})
				pos += 2
				start = pos
				continue
			}
			addLiteral(start, pos)
			start = pos
			end := strings.IndexByte(picture[start:], ']')
			if end < 0 {
				return nil, newError("D3135")
			}
			pos = start + end
			marker := removeSpace(picture[start+1 : pos])
			def := &picturePart{}
			if marker != "" {
				def.component = marker[0]
			}
			var presMod string
			if comma := strings.LastIndexByte(marker, ','); comma >= 0 {
				widthMod := marker[comma+1:]
				w := &pictureWidth{}
				parseWidth := func(s string) (int, bool) {
					if s == "*" {
						return 0, false
					}
					n, ok := parseLeadingInt(s)
					return n, ok
				}
				if dash := strings.IndexByte(widthMod, '-'); dash < 0 {
					w.min, w.hasMin = parseWidth(widthMod)
				} else {
					w.min, w.hasMin = parseWidth(widthMod[:dash])
					w.max, w.hasMax = parseWidth(widthMod[dash+1:])
				}
				def.width = w
				presMod = jsSubstring(marker, 1, comma)
			} else if len(marker) > 0 {
				presMod = marker[1:]
			}
			switch {
			case len(presMod) == 1:
				def.presentation1 = presMod
			case len(presMod) > 1:
				last := presMod[len(presMod)-1]
				if strings.IndexByte("atco", last) >= 0 {
					def.presentation2 = string(last)
					if last == 'o' {
						def.ordinal = true
					}
					def.presentation1 = presMod[:len(presMod)-1]
				} else {
					def.presentation1 = presMod
				}
			default:
				p, ok := defaultPresentation[def.component]
				if !ok {
					return nil, newError("D3132").withValue(string(def.component))
				}
				def.presentation1 = p
			}
			switch {
			case def.presentation1 != "" && def.presentation1[0] == 'n':
				def.names, def.hasNames = caseLower, true
			case def.presentation1 != "" && def.presentation1[0] == 'N':
				if len(def.presentation1) > 1 && def.presentation1[1] == 'n' {
					def.names = caseTitle
				} else {
					def.names = caseUpper
				}
				def.hasNames = true
			case strings.IndexByte("YMDdFWwXxHhmsf", def.component) >= 0 && def.component != 0:
				pattern := def.presentation1
				if def.presentation2 != "" {
					pattern += ";" + def.presentation2
				}
				f, err := analyseIntegerPicture(pattern)
				if err != nil {
					return nil, err
				}
				def.integerFormat = f
				if def.width != nil && def.width.hasMin && f.mandatoryDigits < def.width.min {
					f.mandatoryDigits = def.width.min
				}
				if def.component == 'Y' {
					def.n = -1
					if def.width != nil && def.width.hasMax {
						def.n = def.width.max
						f.mandatoryDigits = def.n
					} else if w := f.mandatoryDigits + f.optionalDigits; w >= 2 {
						def.n = w
					}
				}
				if len(spec) > 0 {
					if prev := spec[len(spec)-1]; prev.integerFormat != nil {
						prev.integerFormat.parseWidth = prev.integerFormat.mandatoryDigits
					}
				}
			}
			if def.component == 'Z' || def.component == 'z' {
				f, err := analyseIntegerPicture(def.presentation1)
				if err != nil {
					return nil, err
				}
				def.integerFormat = f
			}
			spec = append(spec, def)
			start = pos + 1
		}
		pos++
	}
	addLiteral(start, pos)
	return spec, nil
}

// jsSubstring is String.prototype.substring on byte offsets: the bounds are
// clamped and swapped when reversed.
func jsSubstring(s string, a, b int) string {
	a = max(0, min(a, len(s)))
	b = max(0, min(b, len(s)))
	if a > b {
		a, b = b, a
	}
	return s[a:b]
}

// jsDate is a JavaScript Date: milliseconds since the epoch, read in UTC.
type jsDate struct{ ms float64 }

func (d jsDate) valid() bool { return !math.IsNaN(d.ms) && math.Abs(d.ms) <= 8.64e15 }

func (d jsDate) t() time.Time { return time.UnixMilli(int64(d.ms)).UTC() }

// dateUTC is Date.UTC(year, month, day, h, m, s, ms).
func dateUTC(y, mo, d, h, mi, s, ms float64) float64 {
	for _, v := range []float64{y, mo, d, h, mi, s, ms} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return math.NaN()
		}
	}
	y, mo, d, h, mi, s, ms = math.Trunc(y), math.Trunc(mo), math.Trunc(d), math.Trunc(h), math.Trunc(mi), math.Trunc(s), math.Trunc(ms)
	if y >= 0 && y <= 99 {
		y += 1900
	}
	// normalise the month into the year as MakeDay does
	y += math.Floor(mo / 12)
	mo = math.Mod(mo, 12)
	if mo < 0 {
		mo += 12
	}
	if math.Abs(y) > 400000 {
		return math.NaN()
	}
	t := time.Date(int(y), time.Month(mo+1), 1, 0, 0, 0, 0, time.UTC)
	dayMs := float64(t.UnixMilli()) + (d-1)*millisInADay
	r := dayMs + h*3600000 + mi*60000 + s*1000 + ms
	if math.Abs(r) > 8.64e15 {
		return math.NaN()
	}
	return r
}

func startOfFirstWeek(year, month int) float64 {
	jan1 := dateUTC(float64(year), float64(month), 1, 0, 0, 0, 0)
	day := int(jsDate{jan1}.t().Weekday())
	if day == 0 {
		day = 7
	}
	if day > 4 {
		return jan1 + float64(8-day)*millisInADay
	}
	return jan1 - float64(day-1)*millisInADay
}

func nextMonth(y, m int) (int, int) {
	if m == 11 {
		return y + 1, 0
	}
	return y, m + 1
}

func previousMonth(y, m int) (int, int) {
	if m == 0 {
		return y - 1, 11
	}
	return y, m - 1
}

func deltaWeeks(start, end float64) float64 { return (end-start)/(millisInADay*7) + 1 }

// dateFragment returns the value of a component of a date (number or
// string; nil for the timezone components).
func dateFragment(d jsDate, component byte) any {
	t := d.t()
	year, month, day := t.Year(), int(t.Month())-1, t.Day()
	switch component {
	case 'Y':
		return float64(year)
	case 'M':
		return float64(month + 1)
	case 'D':
		return float64(day)
	case 'd':
		today := dateUTC(float64(year), float64(month), float64(day), 0, 0, 0, 0)
		firstJan := dateUTC(float64(year), 0, 1, 0, 0, 0, 0)
		return (today-firstJan)/millisInADay + 1
	case 'F':
		wd := int(t.Weekday())
		if wd == 0 {
			wd = 7
		}
		return float64(wd)
	case 'W':
		start := startOfFirstWeek(year, 0)
		today := dateUTC(float64(year), float64(month), float64(day), 0, 0, 0, 0)
		week := deltaWeeks(start, today)
		if week > 52 {
			if today >= startOfFirstWeek(year+1, 0) {
				week = 1
			}
		} else if week < 1 {
			week = deltaWeeks(startOfFirstWeek(year-1, 0), today)
		}
		return math.Floor(week)
	case 'w':
		start := startOfFirstWeek(year, month)
		today := dateUTC(float64(year), float64(month), float64(day), 0, 0, 0, 0)
		week := deltaWeeks(start, today)
		if week > 4 {
			ny, nm := nextMonth(year, month)
			if today >= startOfFirstWeek(ny, nm) {
				week = 1
			}
		} else if week < 1 {
			py, pm := previousMonth(year, month)
			week = deltaWeeks(startOfFirstWeek(py, pm), today)
		}
		return math.Floor(week)
	case 'X':
		startISO := startOfFirstWeek(year, 0)
		endISO := startOfFirstWeek(year+1, 0)
		switch {
		case d.ms < startISO:
			return float64(year - 1)
		case d.ms >= endISO:
			return float64(year + 1)
		}
		return float64(year)
	case 'x':
		startISO := startOfFirstWeek(year, month)
		ny, nm := nextMonth(year, month)
		endISO := startOfFirstWeek(ny, nm)
		switch {
		case d.ms < startISO:
			_, pm := previousMonth(year, month)
			return float64(pm + 1)
		case d.ms >= endISO:
			return float64(nm + 1)
		}
		return float64(month + 1)
	case 'H':
		return float64(t.Hour())
	case 'h':
		h := t.Hour() % 12
		if h == 0 {
			h = 12
		}
		return float64(h)
	case 'P':
		if t.Hour() >= 12 {
			return "pm"
		}
		return "am"
	case 'm':
		return float64(t.Minute())
	case 's':
		return float64(t.Second())
	case 'f':
		return float64(t.Nanosecond() / 1e6)
	case 'C', 'E':
		return "ISO"
	}
	return nil
}

// parseJSInt is parseInt(s) (base 10) returning NaN when there are no digits.
func parseJSInt(s string) float64 {
	s = strings.TrimLeft(s, " \t\n\r\v\f")
	sign := 1.0
	if strings.HasPrefix(s, "-") {
		sign = -1
		s = s[1:]
	} else if strings.HasPrefix(s, "+") {
		s = s[1:]
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 {
		return math.NaN()
	}
	f, _ := strconv.ParseFloat(s[:i], 64)
	return sign * f
}

const iso8601Picture = "[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]"

func (ev *evaluator) formatDateTime(millis float64, picture any, timezone any) (any, error) {
	offsetHours, offsetMinutes := 0.0, 0.0
	if tz, ok := timezone.(string); ok {
		offset := parseJSInt(tz)
		offsetHours = math.Floor(offset / 100)
		offsetMinutes = math.Mod(offset, 100)
	}
	pic := iso8601Picture
	if p, ok := picture.(string); ok {
		pic = p
	}
	spec, err := ev.datePicture(pic)
	if err != nil {
		return nil, err
	}
	size := float64(len(pic))
	for _, part := range spec {
		if part.integerFormat != nil {
			if err := ev.ensureFormattedInteger(0, part.integerFormat); err != nil {
				return nil, err
			}
			size += 4 * math.Max(float64(part.integerFormat.mandatoryDigits), 20)
		}
	}
	if err := ev.ensureString(size); err != nil {
		return nil, err
	}
	offsetMillis := (60*offsetHours + offsetMinutes) * 60 * 1000
	date := jsDate{millis + offsetMillis}
	var sb strings.Builder
	for _, part := range spec {
		if part.literal {
			sb.WriteString(part.value)
			continue
		}
		s, err := formatComponent(date, part, offsetHours, offsetMinutes)
		if err != nil {
			return nil, err
		}
		sb.WriteString(s)
	}
	return sb.String(), ev.newString(sb.Len())
}

func formatComponent(date jsDate, part *picturePart, offsetHours, offsetMinutes float64) (string, error) {
	if !date.valid() {
		if part.component == 'C' || part.component == 'E' {
			return "ISO", nil
		}
		// JavaScript formats the components of an invalid date as NaN
		// (or fails with a RangeError): a clear error instead
		return "", newError("D1001").withValue(date.ms)
	}
	value := dateFragment(date, part.component)
	c := part.component
	switch {
	case strings.IndexByte("YMDdFWwXxHhms", c) >= 0 && c != 0:
		v := value.(float64)
		if c == 'Y' && part.n != -1 {
			v = math.Mod(v, math.Pow(10, float64(part.n)))
		}
		if part.hasNames {
			var name string
			switch c {
			case 'M', 'x':
				name = monthNames[int(v)-1]
			case 'F':
				name = dayNames[int(v)]
			default:
				return "", newError("D3133").withValue(string(c))
			}
			switch part.names {
			case caseUpper:
				name = strings.ToUpper(name)
			case caseLower:
				name = strings.ToLower(name)
			}
			if part.width != nil && part.width.hasMax && len(name) > part.width.max {
				name = name[:part.width.max]
			}
			return name, nil
		}
		return formatIntegerWith(v, part.integerFormat)
	case c == 'f':
		return formatIntegerWith(value.(float64), part.integerFormat)
	case c == 'Z' || c == 'z':
		offset := offsetHours*100 + offsetMinutes
		var s string
		var err error
		f := part.integerFormat
		if f.regular {
			s, err = formatIntegerWith(offset, f)
		} else {
			switch f.mandatoryDigits {
			case 1, 2:
				s, err = formatIntegerWith(offsetHours, f)
				if err == nil && offsetMinutes != 0 {
					mf, _ := analyseIntegerPicture("00")
					var ms string
					ms, err = formatIntegerWith(math.Floor(offsetMinutes), mf)
					s += ":" + ms
				}
			case 3, 4:
				s, err = formatIntegerWith(offset, f)
			default:
				return "", newError("D3134").withValue(float64(f.mandatoryDigits))
			}
		}
		if err != nil {
			return "", err
		}
		if offset >= 0 {
			s = "+" + s
		}
		if c == 'z' {
			s = "GMT" + s
		}
		if offset == 0 && part.presentation2 == "t" {
			s = "Z"
		}
		return s, nil
	case c == 'P':
		s := value.(string)
		if part.hasNames && part.names == caseUpper {
			s = strings.ToUpper(s)
		}
		return s, nil
	}
	switch v := value.(type) {
	case string:
		return v, nil
	case float64:
		return formatJSNumber(v), nil
	}
	return "undefined", nil
}

// ---- parsing

type partMatcher struct {
	regex     string
	component byte
	parse     func(string) float64
}

func integerMatcher(f *integerFormat) (*partMatcher, error) {
	m := &partMatcher{}
	isUpper := f.letterCase == caseUpper
	switch f.primary {
	case fmtLetters:
		a := byte('a')
		m.regex = "[a-z]+"
		if isUpper {
			a = 'A'
			m.regex = "[A-Z]+"
		}
		m.parse = func(v string) float64 { return lettersToDecimal(v, a) }
	case fmtRoman:
		m.regex = "[mdclxvi]+"
		if isUpper {
			m.regex = "[MDCLXVI]+"
		}
		m.parse = func(v string) float64 { return romanToDecimal(strings.ToUpper(v)) }
	case fmtWords:
		words := make([]string, 0, len(wordTable)+2)
		for _, e := range wordTable {
			words = append(words, e.word)
		}
		words = append(words, "and", `[\-, ]`)
		m.regex = "(?:" + strings.Join(words, "|") + ")+"
		m.parse = func(v string) float64 { return wordsToNumber(strings.ToLower(v)) }
	case fmtDecimal:
		m.regex = "[0-9]+"
		if f.parseWidth > 0 {
			m.regex = "[0-9]{" + strconv.Itoa(f.parseWidth) + "}"
		}
		if f.ordinal {
			m.regex += "(?:th|st|nd|rd)"
		}
		m.parse = func(v string) float64 {
			digits := v
			if f.ordinal && len(digits) >= 2 {
				digits = digits[:len(digits)-2]
			}
			if f.regular {
				digits = strings.ReplaceAll(digits, ",", "")
			} else {
				for _, s := range f.separators {
					digits = strings.ReplaceAll(digits, s.character, "")
				}
			}
			if f.zeroCode != 0x30 {
				var sb strings.Builder
				for _, r := range digits {
					sb.WriteRune(r - f.zeroCode + 0x30)
				}
				digits = sb.String()
			}
			return parseJSInt(digits)
		}
	case fmtSequence:
		return nil, newError("D3130").withValue(f.token)
	}
	return m, nil
}

func fnParseInteger(ev *evaluator, _ callCtx, args []any) (any, error) {
	v := argAt(args, 0)
	if isUndefined(v) {
		return Undefined, nil
	}
	if err := ev.scan(len(str(v)) + len(str(argAt(args, 1)))); err != nil {
		return nil, err
	}
	f, err := analyseIntegerPicture(str(argAt(args, 1)))
	if err != nil {
		return nil, err
	}
	m, err := integerMatcher(f)
	if err != nil {
		return nil, err
	}
	return m.parse(str(v)), nil
}

func dateMatcher(spec []*picturePart) ([]*partMatcher, error) {
	var parts []*partMatcher
	for _, part := range spec {
		var m *partMatcher
		switch {
		case part.literal:
			m = &partMatcher{regex: regexp.QuoteMeta(part.value)}
		case part.component == 'Z' || part.component == 'z':
			var sep *groupingSeparator
			f := part.integerFormat
			if f.regular {
				sep = &f.separators[0]
			}
			m = &partMatcher{}
			if part.component == 'z' {
				m.regex = "GMT"
			}
			m.regex += "[-+][0-9]+"
			if sep != nil {
				m.regex += regexp.QuoteMeta(sep.character) + "[0-9]+"
			}
			z := part.component == 'z'
			m.parse = func(v string) float64 {
				if z && len(v) >= 3 {
					v = v[3:]
				}
				var oh, om float64
				if sep != nil {
					i := strings.Index(v, sep.character)
					oh = parseJSInt(v[:max(i, 0)])
					om = parseJSInt(v[i+len(sep.character):])
				} else if len(v)-1 <= 2 {
					oh = parseJSInt(v)
				} else {
					oh = parseJSInt(v[:3])
					om = parseJSInt(v[3:])
				}
				return oh*60 + om
			}
		case part.component == 'f':
			m = &partMatcher{regex: "[0-9]+", parse: func(v string) float64 {
				return parseJSNumberString("0."+v[:min(3, len(v))]) * 1000
			}}
		case part.integerFormat != nil:
			var err error
			if m, err = integerMatcher(part.integerFormat); err != nil {
				return nil, err
			}
		default:
			m = &partMatcher{regex: "[a-zA-Z]+"}
			lookup := map[string]float64{}
			maxW := 0
			if part.width != nil && part.width.hasMax {
				maxW = part.width.max
			}
			trunc := func(s string) string {
				if maxW > 0 && len(s) > maxW {
					return s[:maxW]
				}
				return s
			}
			switch part.component {
			case 'M', 'x':
				for i, name := range monthNames {
					lookup[trunc(name)] = float64(i + 1)
				}
			case 'F':
				for i, name := range dayNames[1:] {
					lookup[trunc(name)] = float64(i + 1)
				}
			case 'P':
				lookup = map[string]float64{"am": 0, "AM": 0, "pm": 1, "PM": 1}
			default:
				return nil, newError("D3133").withValue(string(part.component))
			}
			m.parse = func(v string) float64 {
				if r, ok := lookup[v]; ok {
					return r
				}
				return math.NaN()
			}
		}
		m.component = part.component
		parts = append(parts, m)
	}
	return parts, nil
}

// dateParser is a date/time picture compiled for parsing.
type dateParser struct {
	parts []*partMatcher
	re    *regexp.Regexp // nil when the picture cannot be matched
	cost  int64          // the regexCost of re
}

func (ev *evaluator) dateParser(picture string) (*dateParser, error) {
	if ev.dates != nil {
		if p, ok := ev.dates.parsers[picture]; ok {
			return p, nil
		}
	}
	spec, err := ev.datePicture(picture)
	if err != nil {
		return nil, err
	}
	parts, err := dateMatcher(spec)
	if err != nil {
		return nil, err
	}
	var sb strings.Builder
	sb.WriteString("(?i)^")
	for _, p := range parts {
		sb.WriteString("(" + p.regex + ")")
	}
	sb.WriteString("$")
	if err := ev.scan(sb.Len()); err != nil {
		return nil, err
	}
	p := &dateParser{parts: parts}
	if re, err := regexp.Compile(sb.String()); err == nil {
		p.re = re
		p.cost = regexCost(sb.String())
	}
	if len(ev.dates.parsers) < maxCachedPictures {
		ev.dates.parsers[picture] = p
	}
	return p, nil
}

func (ev *evaluator) parseDateTime(timestamp, picture string) (any, error) {
	p, err := ev.dateParser(picture)
	if err != nil {
		return nil, err
	}
	if p.re == nil {
		return Undefined, nil
	}
	parts := p.parts
	if err := ev.charge(int64(len(timestamp)+1) * p.cost); err != nil {
		return nil, err
	}
	info := p.re.FindStringSubmatch(timestamp)
	if info == nil {
		return Undefined, nil
	}
	const (
		dmA = 161
		dmB = 130
		dmC = 84
		dmD = 72
		tmA = 23
		tmB = 47
	)
	components := map[byte]float64{}
	for i := 1; i < len(info); i++ {
		p := parts[i-1]
		if p.parse != nil {
			components[p.component] = p.parse(info[i])
		}
	}
	if len(components) == 0 {
		return Undefined, nil
	}
	mask := 0
	shift := func(c byte) {
		mask <<= 1
		if v, ok := components[c]; ok && v != 0 && !math.IsNaN(v) {
			mask++
		}
	}
	isType := func(t int) bool { return ^t&mask == 0 && t&mask != 0 }
	for _, c := range []byte("YXMxWwdD") {
		shift(c)
	}
	dateA := isType(dmA)
	dateB := !dateA && isType(dmB)
	dateC := isType(dmC)
	dateD := !dateC && isType(dmD)
	mask = 0
	for _, c := range []byte("PHhmsf") {
		shift(c)
	}
	timeA := isType(tmA)
	timeB := !timeA && isType(tmB)
	dateComps := "YMD"
	switch {
	case dateB:
		dateComps = "YD"
	case dateC:
		dateComps = "XxwF"
	case dateD:
		dateComps = "XWF"
	}
	timeComps := "Hmsf"
	if timeB {
		timeComps = "Phmsf"
	}
	nowDate := jsDate{float64(ev.now.UnixMilli())}
	startSpecified, endSpecified := false, false
	for _, c := range []byte(dateComps + timeComps) {
		if _, ok := components[c]; !ok {
			if startSpecified {
				if strings.IndexByte("MDd", c) >= 0 {
					components[c] = 1
				} else {
					components[c] = 0
				}
				endSpecified = true
			} else {
				f, _ := dateFragment(nowDate, c).(float64)
				components[c] = f
			}
		} else {
			startSpecified = true
			if endSpecified {
				return nil, newError("D3136")
			}
		}
	}
	if components['M'] > 0 {
		components['M']--
	} else {
		components['M'] = 0
	}
	if dateB {
		firstJan := dateUTC(components['Y'], 0, 1, 0, 0, 0, 0)
		derived := jsDate{firstJan + (components['d']-1)*millisInADay}
		if derived.valid() {
			t := derived.t()
			components['M'] = float64(int(t.Month()) - 1)
			components['D'] = float64(t.Day())
		}
	}
	if dateC || dateD {
		return nil, newError("D3136")
	}
	if timeB {
		h := components['h']
		if h == 12 {
			h = 0
		}
		if components['P'] == 1 {
			h += 12
		}
		components['H'] = h
	}
	millis := dateUTC(components['Y'], components['M'], components['D'], components['H'], components['m'], components['s'], components['f'])
	tz, ok := components['Z']
	if !ok || tz == 0 || math.IsNaN(tz) {
		tz = components['z']
	}
	if tz != 0 && !math.IsNaN(tz) {
		millis -= tz * 60 * 1000
	}
	return millis, nil
}

// iso8601 matches the timestamps $toMillis accepts without a picture.
var iso8601 = regexp.MustCompile(`^\d{4}(-[01]\d)?(-[0-3]\d)?(T[0-2]\d:[0-5]\d:[0-5]\d)?(\.\d+)?([+-][0-2]\d:?[0-5]\d|Z)?$`)

var isoParse = regexp.MustCompile(`^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:T(\d{2}):(\d{2}):(\d{2}))?(?:\.(\d+))?(?:([+-])(\d{2}):?(\d{2})|Z)?$`)

// parseISO is Date.parse for the strings iso8601 accepts (local times are
// taken as UTC, as they are on AWS).
func parseISO(s string) float64 {
	m := isoParse.FindStringSubmatch(s)
	if m == nil {
		return math.NaN()
	}
	atoi := func(s string, def float64) float64 {
		if s == "" {
			return def
		}
		v, _ := strconv.Atoi(s)
		return float64(v)
	}
	y := atoi(m[1], 0)
	mo := atoi(m[2], 1)
	d := atoi(m[3], 1)
	h, mi, sec := atoi(m[4], 0), atoi(m[5], 0), atoi(m[6], 0)
	if mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || sec > 59 {
		return math.NaN()
	}
	if h == 24 && (mi != 0 || sec != 0) {
		return math.NaN()
	}
	ms := 0.0
	if m[7] != "" {
		frac := (m[7] + "00")[:3]
		ms = atoi(frac, 0)
	}
	t := time.Date(int(y), time.Month(mo), int(d), int(h), int(mi), int(sec), 0, time.UTC)
	r := float64(t.UnixMilli()) + ms
	if m[8] != "" {
		off := atoi(m[9], 0)*60 + atoi(m[10], 0)
		if off > 23*60+59 {
			return math.NaN()
		}
		if m[8] == "+" {
			r -= off * 60000
		} else {
			r += off * 60000
		}
	}
	return r
}

func fnToMillis(ev *evaluator, _ callCtx, args []any) (any, error) {
	ts := argAt(args, 0)
	if isUndefined(ts) {
		return Undefined, nil
	}
	s := str(ts)
	if p, ok := argAt(args, 1).(string); ok {
		return ev.parseDateTime(s, p)
	}
	if !iso8601.MatchString(s) {
		return nil, newError("D3110").withValue(s)
	}
	return parseISO(s), nil
}

func fnFromMillis(ev *evaluator, _ callCtx, args []any) (any, error) {
	ms := argAt(args, 0)
	if isUndefined(ms) {
		return Undefined, nil
	}
	return ev.formatDateTime(num(ms), argAt(args, 1), argAt(args, 2))
}

func fnNow(ev *evaluator, _ callCtx, args []any) (any, error) {
	return ev.formatDateTime(float64(ev.now.UnixMilli()), argAt(args, 0), argAt(args, 1))
}

func fnMillis(ev *evaluator, _ callCtx, _ []any) (any, error) {
	return float64(ev.now.UnixMilli()), nil
}
