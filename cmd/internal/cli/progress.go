package cli

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"digits/core"
)

// Progress shows training progress: a progress bar (epoch, loss,
// accuracy, time left) on stderr when it is a terminal, otherwise plain
// log lines on out, about twenty per run, so logs and CI output stay
// readable.
type Progress struct {
	out   io.Writer
	total int
	every int
	start time.Time
	bar   *progressbar.ProgressBar
}

// NewProgress starts reporting a run of total epochs.
func NewProgress(out, stderr io.Writer, total int) *Progress {
	p := &Progress{out: out, total: total, every: max(1, total/20), start: time.Now()}
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(f),
			progressbar.OptionSetWidth(30),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionShowElapsedTimeOnFinish(),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionSetDescription("epoch"),
		)
	}
	return p
}

// Epoch reports a finished epoch; note, if not empty, is printed after it
// (e.g. a test accuracy) and always gets its own log line.
func (p *Progress) Epoch(s core.EpochStats, note string) {
	desc := fmt.Sprintf("loss %.4f  train acc %.2f%%", s.Loss, 100*s.Accuracy)
	if p.bar != nil {
		p.bar.Describe(desc)
		p.bar.Add(1)
		if note != "" {
			p.bar.Clear()
			fmt.Fprintf(p.out, "epoch %d/%d  %s  %s\n", s.Epoch, p.total, desc, note)
		}
		return
	}
	if note != "" || s.Epoch == 1 || s.Epoch%p.every == 0 || s.Epoch == p.total {
		elapsed := time.Since(p.start)
		left := time.Duration(float64(elapsed) / float64(s.Epoch) * float64(p.total-s.Epoch))
		fmt.Fprintf(p.out, "epoch %d/%d  %s  elapsed %s  left %s", s.Epoch, p.total, desc, round(elapsed), round(left))
		if note != "" {
			fmt.Fprintf(p.out, "  %s", note)
		}
		fmt.Fprintln(p.out)
	}
}

// Done ends the bar and returns the time since the start.
func (p *Progress) Done() time.Duration {
	if p.bar != nil {
		p.bar.Finish()
	}
	return time.Since(p.start)
}

func round(d time.Duration) time.Duration {
	if d > 10*time.Second {
		return d.Round(time.Second)
	}
	return d.Round(10 * time.Millisecond)
}
