//go:build !unix

package main

import "os"

// peakMemory is not measured where getrusage does not exist.
func peakMemory(*os.ProcessState) string { return "?" }
