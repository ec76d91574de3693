package jsonata

import "math"

// jsPow is JavaScript's Math.pow. V8 computes it with the fdlibm algorithm
// (__ieee754_pow), whose results differ from Go's math.Pow in the last bit
// for many arguments; this is a Go rendering of that algorithm.
func jsPow(x, y float64) float64 {
	if math.IsNaN(y) {
		return math.NaN()
	}
	if math.Abs(x) == 1 && math.IsInf(y, 0) {
		return math.NaN()
	}
	return fdlibmPow(x, y)
}

func hiWord(f float64) int32  { return int32(math.Float64bits(f) >> 32) }
func loWord(f float64) uint32 { return uint32(math.Float64bits(f)) }
func clearLo(f float64) float64 {
	return math.Float64frombits(math.Float64bits(f) &^ 0xffffffff)
}
func withHi(f float64, hi int32) float64 {
	return math.Float64frombits(uint64(uint32(hi))<<32 | uint64(loWord(f)))
}

func fdlibmPow(x, y float64) float64 {
	const (
		two53  = 9007199254740992.0
		huge   = 1.0e+300
		tiny   = 1.0e-300
		l1     = 5.99999999999994648725e-01
		l2     = 4.28571428578550184252e-01
		l3     = 3.33333329818377432918e-01
		l4     = 2.72728123808534006489e-01
		l5     = 2.30660745775561754067e-01
		l6     = 2.06975017800338417784e-01
		p1     = 1.66666666666666019037e-01
		p2     = -2.77777777770155933842e-03
		p3     = 6.61375632143793436117e-05
		p4     = -1.65339022054652515390e-06
		p5     = 4.13813679705723846039e-08
		lg2    = 6.93147180559945286227e-01
		lg2H   = 6.93147182464599609375e-01
		lg2L   = -1.90465429995776804525e-09
		ovt    = 8.0085662595372944372e-17
		cp     = 9.61796693925975554329e-01
		cpH    = 9.61796700954437255859e-01
		cpL    = -7.02846165095275826516e-09
		ivln2  = 1.44269504088896338700e+00
		ivln2H = 1.44269502162933349609e+00
		ivln2L = 1.92596299112661746887e-08
	)
	bp := [2]float64{1.0, 1.5}
	dpH := [2]float64{0.0, 5.84962487220764160156e-01}
	dpL := [2]float64{0.0, 1.35003920212974897128e-08}

	hx, lx := hiWord(x), loWord(x)
	hy, ly := hiWord(y), loWord(y)
	ix, iy := hx&0x7fffffff, hy&0x7fffffff

	if iy|int32(ly) == 0 && ly == 0 {
		return 1
	}
	if ix > 0x7ff00000 || (ix == 0x7ff00000 && lx != 0) || iy > 0x7ff00000 || (iy == 0x7ff00000 && ly != 0) {
		return x + y
	}
	// yisint: 0 not an integer, 1 odd, 2 even
	yisint := 0
	if hx < 0 {
		if iy >= 0x43400000 {
			yisint = 2
		} else if iy >= 0x3ff00000 {
			k := (iy >> 20) - 0x3ff
			if k > 20 {
				j := ly >> uint(52-k)
				if j<<uint(52-k) == ly {
					yisint = 2 - int(j&1)
				}
			} else if ly == 0 {
				j := iy >> uint(20-k)
				if j<<uint(20-k) == iy {
					yisint = 2 - int(j&1)
				}
			}
		}
	}
	if ly == 0 {
		if iy == 0x7ff00000 {
			switch {
			case (ix-0x3ff00000)|int32(lx) == 0 && lx == 0:
				return y - y
			case ix >= 0x3ff00000:
				if hy >= 0 {
					return y
				}
				return 0
			default:
				if hy < 0 {
					return -y
				}
				return 0
			}
		}
		if iy == 0x3ff00000 {
			if hy < 0 {
				return 1 / x
			}
			return x
		}
		if hy == 0x40000000 {
			return x * x
		}
		if hy == 0x3fe00000 && hx >= 0 {
			return math.Sqrt(x)
		}
	}
	ax := math.Abs(x)
	if lx == 0 && (ix == 0x7ff00000 || ix == 0 || ix == 0x3ff00000) {
		z := ax
		if hy < 0 {
			z = 1 / z
		}
		if hx < 0 {
			if (ix-0x3ff00000)|int32(yisint) == 0 {
				z = (z - z) / (z - z)
			} else if yisint == 1 {
				z = -z
			}
		}
		return z
	}
	n := int32(uint32(hx)>>31) ^ 1 // (hx>>31)+1 with an arithmetic shift: 1 for x >= 0, 0 for x < 0
	if n|int32(yisint) == 0 {
		return (x - x) / (x - x)
	}
	s := 1.0
	if n == 0 && yisint == 1 {
		s = -1
	}
	var t1, t2 float64
	if iy > 0x41e00000 {
		if iy > 0x43f00000 {
			if ix <= 0x3fefffff {
				if hy < 0 {
					return math.Inf(1)
				}
				return 0.0
			}
			if ix >= 0x3ff00000 {
				if hy > 0 {
					return math.Inf(1)
				}
				return 0.0
			}
		}
		if ix < 0x3fefffff {
			if hy < 0 {
				return s * math.Inf(1)
			}
			return s * 0
		}
		if ix > 0x3ff00000 {
			if hy > 0 {
				return s * math.Inf(1)
			}
			return s * 0
		}
		t := ax - 1
		w := (t * t) * (0.5 - t*(0.3333333333333333333333-t*0.25))
		u := ivln2H * t
		v := t*ivln2L - w*ivln2
		t1 = clearLo(u + v)
		t2 = v - (t1 - u)
	} else {
		n = 0
		if ix < 0x00100000 {
			ax *= two53
			n -= 53
			ix = hiWord(ax)
		}
		n += (ix >> 20) - 0x3ff
		j := ix & 0x000fffff
		ix = j | 0x3ff00000
		var k int
		switch {
		case j <= 0x3988E:
			k = 0
		case j < 0xBB67A:
			k = 1
		default:
			k = 0
			n++
			ix -= 0x00100000
		}
		ax = withHi(ax, ix)
		u := ax - bp[k]
		v := 1 / (ax + bp[k])
		ss := u * v
		sH := clearLo(ss)
		tH := math.Float64frombits(uint64(uint32(((ix>>1)|0x20000000)+0x00080000+int32(k<<18))) << 32)
		tL := ax - (tH - bp[k])
		sL := v * ((u - sH*tH) - sH*tL)
		s2 := ss * ss
		r := s2 * s2 * (l1 + s2*(l2+s2*(l3+s2*(l4+s2*(l5+s2*l6)))))
		r += sL * (sH + ss)
		s2 = sH * sH
		tH = clearLo(3.0 + s2 + r)
		tL = r - ((tH - 3.0) - s2)
		u = sH * tH
		v = sL*tH + tL*ss
		pH := clearLo(u + v)
		pL := v - (pH - u)
		zH := cpH * pH
		zL := cpL*pH + pL*cp + dpL[k]
		t := float64(n)
		t1 = clearLo(((zH + zL) + dpH[k]) + t)
		t2 = zL - (((t1 - t) - dpH[k]) - zH)
	}
	y1 := clearLo(y)
	pL := (y-y1)*t1 + y*t2
	pH := y1 * t1
	z := pL + pH
	j := hiWord(z)
	i := int32(loWord(z))
	if j >= 0x40900000 {
		if (j-0x40900000)|i != 0 {
			return s * math.Inf(1)
		}
		if pL+ovt > z-pH {
			return s * math.Inf(1)
		}
	} else if j&0x7fffffff >= 0x4090cc00 {
		if uint32(j)-0xc090cc00|uint32(i) != 0 {
			return s * 0
		}
		if pL <= z-pH {
			return s * 0
		}
	}
	i = j & 0x7fffffff
	k := (i >> 20) - 0x3ff
	n = 0
	if i > 0x3fe00000 {
		n = j + (0x00100000 >> uint(k+1))
		k = ((n & 0x7fffffff) >> 20) - 0x3ff
		t := math.Float64frombits(uint64(uint32(n&^(0x000fffff>>uint(k)))) << 32)
		n = ((n & 0x000fffff) | 0x00100000) >> uint(20-k)
		if j < 0 {
			n = -n
		}
		pH -= t
	}
	t := clearLo(pL + pH)
	u := t * lg2H
	v := (pL-(t-pH))*lg2 + t*lg2L
	z = u + v
	w := v - (z - u)
	t = z * z
	t1 = z - t*(p1+t*(p2+t*(p3+t*(p4+t*p5))))
	r := (z * t1) / ((t1 - 2) - (w + z*w)) // as V8 has it
	z = 1 - (r - z)
	j = hiWord(z)
	j += n << 20
	if j>>20 <= 0 {
		z = math.Ldexp(z, int(n))
	} else {
		z = withHi(z, hiWord(z)+(n<<20))
	}
	return s * z
}
