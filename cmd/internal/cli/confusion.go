package cli

import (
	"fmt"
	"io"
	"math"
	"strings"

	"digits/core"
)

// PrintConfusion prints c as an aligned table: one row per true digit
// with its recall at the end, then a row of each guess's precision.
//
//	true \ guess     0     1 …     9  recall
//	           0   971     0 …     1  99.08%
//	           …
//	   precision 98.28% 98.94% …
func PrintConfusion(w io.Writer, c *core.Confusion, what string) {
	fmt.Fprintf(w, "Confusion matrix of the %d %s (rows: true digit, columns: the network's guess):\n", c.Total(), what)
	width := len("100.00%")
	for y := range c {
		for g := range c[y] {
			width = max(width, len(fmt.Sprint(c[y][g])))
		}
	}
	const head = "true \\ guess"
	var b strings.Builder
	b.WriteString(head)
	for g := range 10 {
		fmt.Fprintf(&b, " %*d", width, g)
	}
	fmt.Fprintf(&b, "  %*s\n", width, "recall")
	for y := range c {
		fmt.Fprintf(&b, "%*d", len(head), y)
		for g := range c[y] {
			fmt.Fprintf(&b, " %*d", width, c[y][g])
		}
		fmt.Fprintf(&b, "  %*s\n", width, percent(c.Recall(y)))
	}
	fmt.Fprintf(&b, "%*s", len(head), "precision")
	for g := range 10 {
		fmt.Fprintf(&b, " %*s", width, percent(c.Precision(g)))
	}
	b.WriteString("\n")
	io.WriteString(w, b.String())
}

// percent writes a fraction as "98.76%", and an undefined one (a digit
// never seen, or never guessed) as "-".
func percent(f float64) string {
	if math.IsNaN(f) {
		return "-"
	}
	return fmt.Sprintf("%.2f%%", 100*f)
}
