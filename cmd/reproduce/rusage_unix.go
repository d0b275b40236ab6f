//go:build unix

package main

import (
	"fmt"
	"os"
	"syscall"
)

// peakMemory is the child's maximum resident set size (Linux reports it in KiB).
func peakMemory(ps *os.ProcessState) string {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return "?"
	}
	return fmt.Sprintf("%d MB", ru.Maxrss*1024/1e6)
}
