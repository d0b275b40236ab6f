package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"time"
)

// result is what one child process printed and how much memory it took.
type result struct {
	lines  [][]string // the fields of its "RESULT ..." lines, without "RESULT"
	maxRSS int64      // peak resident memory in bytes, 0 if unknown
	wall   time.Duration
}

// values returns the first field after name of every line named name, as
// numbers.
func (r *result) values(name string) []float64 {
	var v []float64
	for _, l := range r.lines {
		if len(l) >= 2 && l[0] == name {
			if f, err := strconv.ParseFloat(l[1], 64); err == nil {
				v = append(v, f)
			}
		}
	}
	return v
}

// child runs this program again with --child and the given arguments.
func child(env []string, args ...string) (*result, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("cannot find this program to run it again: %w", err)
	}
	cmd := exec.Command(self, args...)
	cmd.Env = append(os.Environ(), env...)
	return collect(cmd, "RESULT ")
}

// collect runs cmd and collects its output lines that start with prefix.
func collect(cmd *exec.Cmd, prefix string) (*result, error) {
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	start := time.Now()
	err := cmd.Run()
	r := &result{wall: time.Since(start)}
	if err != nil {
		return nil, fmt.Errorf("%s: %v\n%s%s", strings.Join(cmd.Args, " "), err, out.String(), errOut.String())
	}
	r.maxRSS = maxRSS(cmd.ProcessState)
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		line := sc.Text()
		if prefix == "" || strings.HasPrefix(line, prefix) {
			r.lines = append(r.lines, strings.Fields(strings.TrimPrefix(line, prefix)))
		}
	}
	return r, nil
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func minimum(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	m := v[0]
	for _, x := range v[1:] {
		m = min(m, x)
	}
	return m
}

func mib(b int64) string {
	if b <= 0 {
		return "?"
	}
	return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20))
}

// loadAverage is the first three fields of /proc/loadavg, or "unknown".
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// cpuName is the model name from /proc/cpuinfo, or "unknown CPU".
func cpuName() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}
