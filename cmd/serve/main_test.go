package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"digits/cmd/internal/clitest"
)

// The module goes out as application/wasm, gzipped when the browser
// accepts it and unzipped when not; "/" is the served page.
func TestHandler(t *testing.T) {
	dir := t.TempDir()
	mod := append([]byte("\x00asm\x01\x00\x00\x00"), bytes.Repeat([]byte("digits"), 1000)...)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(mod)
	zw.Close()
	os.WriteFile(filepath.Join(dir, "app.wasm.gz"), gz.Bytes(), 0o644)
	os.WriteFile(filepath.Join(dir, "app.html"), []byte("<!doctype html><title>digits</title>"), 0o644)
	srv := httptest.NewServer(Handler(dir))
	defer srv.Close()

	get := func(path string, gzipOK bool) (*http.Response, []byte) {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		if gzipOK {
			req.Header.Set("Accept-Encoding", "gzip")
		} else {
			req.Header.Set("Accept-Encoding", "identity")
		}
		tr := &http.Transport{DisableCompression: true}
		resp, err := tr.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, b
	}
	resp, body := get("/app.wasm", true)
	if resp.Header.Get("Content-Type") != "application/wasm" || resp.Header.Get("Content-Encoding") != "gzip" || !bytes.Equal(body, gz.Bytes()) {
		t.Errorf("gzip: %v %q %q, %d bytes", resp.Status, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Encoding"), len(body))
	}
	resp, body = get("/app.wasm", false)
	if resp.Header.Get("Content-Type") != "application/wasm" || resp.Header.Get("Content-Encoding") != "" || !bytes.Equal(body, mod) {
		t.Errorf("plain: %v %q %q, %d bytes", resp.Status, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Encoding"), len(body))
	}
	resp, body = get("/", false)
	if resp.StatusCode != 200 || !bytes.Contains(body, []byte("<title>digits")) {
		t.Errorf("/: %v %q", resp.Status, body)
	}
	if resp, _ := get("/missing.js", false); resp.StatusCode != 404 {
		t.Errorf("/missing.js: %v, want 404", resp.Status)
	}
	if resp, _ := get("/../../etc/passwd", false); resp.StatusCode == 200 {
		t.Errorf("path escape: %v, want an error", resp.Status)
	}
}

func TestServeRefuses(t *testing.T) {
	empty := t.TempDir()
	r := clitest.Exec(run, "--dir", empty, "--addr", "127.0.0.1:0")
	if r.Code != 1 || r.Stderr != "serve: "+empty+" has no app.html: run make wasm first\n" {
		t.Errorf("no page: exit %d, stderr %q", r.Code, r.Stderr)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "app.html"), []byte("<!doctype html>"), 0o644)
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	r = clitest.Exec(run, "--dir", dir, "--addr", taken.Addr().String())
	if r.Code != 1 || !strings.Contains(r.Stderr, "try --addr localhost:8081") {
		t.Errorf("address in use: exit %d, stderr %q", r.Code, r.Stderr)
	}
	clitest.BadUsage(t, "serve", run, []string{"--port", "80"}, "flag provided but not defined: -port")
	clitest.BadUsage(t, "serve", run, []string{"web"}, `unexpected argument "web"`)
	clitest.Help(t, "serve", run, "addr", "dir")
}
