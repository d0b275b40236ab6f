//go:build unix

package main

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// run serves the folder at the address it prints (localhost with the
// free port it got for port 0) until Ctrl-C, then says so and returns 0.
// The test sends the SIGINT that Ctrl-C sends, to its own process: run
// catches it from before it prints the address.
func TestServeRunUntilInterrupt(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "app.html"), []byte("<!doctype html><title>digits</title>"), 0o644)
	outR, outW := io.Pipe()
	var errOut bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run([]string{"-addr", "localhost:0", "--dir", dir}, outW, &errOut)
		outW.Close()
	}()
	out := bufio.NewReader(outR)
	line, err := out.ReadString('\n')
	if err != nil {
		t.Fatalf("no first line: %v (stderr %q)", err, errOut.String())
	}
	prefix := "serving " + dir + " at http://localhost:"
	if !strings.HasPrefix(line, prefix) || strings.HasPrefix(line, prefix+"0/") || !strings.HasSuffix(line, "/ (Ctrl-C to stop)\n") {
		t.Fatalf("first line %q, want %q, a port and '/ (Ctrl-C to stop)'", line, prefix)
	}
	url := strings.Fields(line)[3]
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "<title>digits") {
		t.Errorf("GET %s: %v %q", url, resp.Status, body)
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	rest, _ := io.ReadAll(out)
	if code := <-done; code != 0 || string(rest) != "stopped\n" || errOut.Len() != 0 {
		t.Errorf("after SIGINT: exit %d, stdout %q, stderr %q; want 0 and \"stopped\"", code, rest, errOut.String())
	}
}
