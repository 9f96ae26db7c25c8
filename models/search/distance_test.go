package search

import (
	"math/rand/v2"
	"testing"
)

// refDistance is the alignment of distance without its shortcuts (no band,
// no early stop): the banded one must agree with it.
func refDistance(a, b []rune, k, mode int) int {
	m, n := len(a), len(b)
	d := make([][]int, m+1)
	for i := range d {
		d[i] = make([]int, n+1)
		d[i][0] = i
	}
	for j := 0; j <= n; j++ {
		if mode != modeInside {
			d[0][j] = j
		}
	}
	for i := 1; i <= m; i++ {
		for j := 1; j <= n; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(d[i-1][j-1]+cost, d[i-1][j]+1, d[i][j-1]+1)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, d[i-2][j-2]+1)
			}
			d[i][j] = v
		}
	}
	if mode == modeWhole {
		return min(d[m][n], k+1)
	}
	best := k + 1
	for j := 0; j <= n; j++ {
		best = min(best, d[m][j])
	}
	return best
}

func TestDistanceMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	word := func() []rune {
		w := make([]rune, r.IntN(12))
		for i := range w {
			w[i] = rune('a' + r.IntN(4)) // few letters: many near matches
		}
		return w
	}
	var s scratch
	for n := 0; n < 20000; n++ {
		a, b, k := word(), word(), r.IntN(3)
		for _, mode := range []int{modeStart, modeInside, modeWhole} {
			if got, want := s.distance(a, b, k, mode), refDistance(a, b, k, mode); got != want {
				t.Fatalf("distance(%q, %q, k=%d, mode %d) = %d, want %d", string(a), string(b), k, mode, got, want)
			}
		}
		st, wh := s.startWhole(a, b, k)
		if st != refDistance(a, b, k, modeStart) || wh != refDistance(a, b, k, modeWhole) {
			t.Fatalf("startWhole(%q, %q, k=%d) = %d, %d", string(a), string(b), k, st, wh)
		}
	}
}

// bpPairs calls check with random pairs and edit bounds, for the
// bit-parallel distances: over a few letters (many near matches, swaps
// included) and, one in five, over Lao letters and long words; a is 1 to
// 64 letters.
func bpPairs(seed uint64, check func(a, b []rune, k int)) {
	r := rand.New(rand.NewPCG(seed, seed+1))
	word := func(n int, alpha []rune) []rune {
		w := make([]rune, r.IntN(n))
		for i := range w {
			w[i] = alpha[r.IntN(len(alpha))]
		}
		return w
	}
	small, lao := []rune("abcd"), []rune("ກຂຄງabຫ")
	for n := 0; n < 50000; n++ {
		alpha, size := small, 14
		if n%5 == 0 {
			alpha, size = lao, 70
		}
		a, b, k := word(size, alpha), word(size, alpha), r.IntN(4)
		if len(a) > 64 {
			a = a[:64]
		}
		if len(a) > 0 {
			check(a, b, k)
		}
	}
}

// TestInsideBP: the bit-parallel inside distance is the alignment's.
func TestInsideBP(t *testing.T) {
	var s scratch
	bpPairs(3, func(a, b []rune, k int) {
		if got, want := s.insideBP(a, b, k), refDistance(a, b, k, modeInside); got != want {
			t.Fatalf("insideBP(%q, %q, k=%d) = %d, want %d", string(a), string(b), k, got, want)
		}
	})
}

// TestStartWholeBP: the bit-parallel start and whole distances are the
// alignment's.
func TestStartWholeBP(t *testing.T) {
	var s scratch
	bpPairs(5, func(a, b []rune, k int) {
		st, wh := s.startWholeBP(a, b, k)
		if wantS, wantW := refDistance(a, b, k, modeStart), refDistance(a, b, k, modeWhole); st != wantS || wh != wantW {
			t.Fatalf("startWholeBP(%q, %q, k=%d) = %d, %d, want %d, %d", string(a), string(b), k, st, wh, wantS, wantW)
		}
	})
}
