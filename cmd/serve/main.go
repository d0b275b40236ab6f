// Command serve serves the app's web page, which make wasm builds into
// web/, at http://localhost:8080 until Ctrl-C (or SIGTERM) stops it.
//
// Usage:
//
//	go run ./cmd/serve [flags]
//	go run ./cmd/serve --addr localhost:8081
//
// Flags (one dash or two):
//
//	--addr HOST:PORT   address to listen on (default localhost:8080; port 0 picks a free one)
//	--dir DIR          the folder holding app.html, app.wasm.gz and wasm_exec.js (default web)
//
// It prints "serving DIR at http://HOST:PORT/ (Ctrl-C to stop)" once it
// listens. "/" is app.html, which streams app.wasm and compiles it as it
// arrives. app.wasm goes out as application/wasm, gzipped from app.wasm.gz
// when the browser accepts it (4 to 5 times smaller); HTML, JavaScript and
// CSS are gzipped on the fly. On Ctrl-C it lets requests under way finish
// (up to five seconds) and exits with status 0.
//
// Exit status: 0 stopped by Ctrl-C or SIGTERM; 1 no page in --dir (run
// make wasm) or the address is taken; 2 a bad command line.
package main

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"digits/cmd/internal/cli"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run serves until the process gets SIGINT (Ctrl-C) or SIGTERM, which is
// also how its tests stop it.
func run(args []string, stdout, stderr io.Writer) int {
	cmd := cli.NewCommand("serve", "")
	var addr, dir string
	cmd.StringVar(&addr, "addr", "localhost:8080", "`HOST:PORT` to listen on (port 0: a free one)")
	cmd.StringVar(&dir, "dir", "web", "`DIR` holding app.html, app.wasm.gz and wasm_exec.js (make wasm)")
	if err := cmd.Parse(args); err != nil {
		return cmd.Exit(stderr, err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return cmd.Exit(stderr, serve(ctx, addr, dir, stdout))
}

// serve serves dir at addr until ctx is done.
func serve(ctx context.Context, addr, dir string, stdout io.Writer) error {
	if _, err := os.Stat(filepath.Join(dir, "app.html")); err != nil {
		return fmt.Errorf("%s has no app.html: run make wasm first", dir)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("%v (is another server on that port? try --addr localhost:8081)", err)
	}
	fmt.Fprintf(stdout, "serving %s at http://%s/ (Ctrl-C to stop)\n", dir, shownAddr(addr, ln.Addr()))
	srv := &http.Server{Handler: Handler(dir), ReadHeaderTimeout: 10 * time.Second}
	stopped := make(chan error, 1)
	go func() {
		<-ctx.Done()
		wait, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		stopped <- srv.Shutdown(wait)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	if err := <-stopped; err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	fmt.Fprintln(stdout, "stopped")
	return nil
}

// shownAddr is the address to print: "localhost" as the user typed it
// (browsers and people read it better than 127.0.0.1), with the port
// actually listened on.
func shownAddr(addr string, listening net.Addr) string {
	host, _, err := net.SplitHostPort(addr)
	if _, port, err2 := net.SplitHostPort(listening.String()); err == nil && err2 == nil && host == "localhost" {
		return net.JoinHostPort(host, port)
	}
	return listening.String()
}

// Handler serves the page folder dir.
func Handler(dir string) http.Handler {
	mime.AddExtensionType(".wasm", "application/wasm")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "only GET", http.StatusMethodNotAllowed)
			return
		}
		name := path.Clean("/" + r.URL.Path)
		if name == "/" {
			name = "/app.html"
		}
		file := filepath.Join(dir, filepath.FromSlash(name))
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("Vary", "Accept-Encoding")
		gz := strings.Contains(r.Header.Get("Accept-Encoding"), "gzip")
		if name == "/app.wasm" {
			w.Header().Set("Content-Type", "application/wasm")
			if gz {
				if f, err := os.Open(file + ".gz"); err == nil {
					defer f.Close()
					w.Header().Set("Content-Encoding", "gzip")
					fi, _ := f.Stat()
					http.ServeContent(w, r, name, fi.ModTime(), f)
					return
				}
			}
			if _, err := os.Stat(file); errors.Is(err, os.ErrNotExist) {
				// Only the gzipped copy exists: unzip for this browser.
				serveGunzipped(w, file+".gz")
				return
			}
		}
		ext := path.Ext(name)
		if gz && (ext == ".html" || ext == ".js" || ext == ".css") {
			b, err := os.ReadFile(file)
			if err != nil {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", mime.TypeByExtension(ext))
			w.Header().Set("Content-Encoding", "gzip")
			zw := gzip.NewWriter(w)
			zw.Write(b)
			zw.Close()
			return
		}
		http.ServeFile(w, r, file)
	})
}

func serveGunzipped(w http.ResponseWriter, file string) {
	f, err := os.Open(file)
	if err != nil {
		http.Error(w, "app.wasm is missing: run make wasm", http.StatusNotFound)
		return
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		http.Error(w, "app.wasm.gz is corrupt: run make wasm", http.StatusInternalServerError)
		return
	}
	io.Copy(w, zr)
}
