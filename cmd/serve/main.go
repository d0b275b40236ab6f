// Command serve serves the app's web page (make wasm builds it into web/)
// at http://localhost:8080:
//
//	go run ./cmd/serve [--addr :8080] [--dir web]
//
// "/" is app.html, which streams app.wasm and compiles it as it arrives,
// then fetches trainer.wasm for its Web Worker. The modules go out as
// application/wasm, gzipped from app.wasm.gz and trainer.wasm.gz when the
// browser accepts it; HTML, JavaScript and CSS are gzipped on the fly.
package main

import (
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

func main() {
	addr := flag.String("addr", "localhost:8080", "address to listen on")
	dir := flag.String("dir", "web", "folder holding app.html, app.wasm.gz, trainer.wasm.gz and wasm_exec.js (make wasm)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: serve [--addr HOST:PORT] [--dir DIR]")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "serve: unexpected argument %q\n", flag.Arg(0))
		flag.Usage()
		os.Exit(2)
	}
	if _, err := os.Stat(filepath.Join(*dir, "app.html")); err != nil {
		fmt.Fprintf(os.Stderr, "serve: %s has no app.html: run make wasm first\n", *dir)
		os.Exit(1)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "serve:", err, "(is another server on that port? try --addr localhost:8081)")
		os.Exit(1)
	}
	host := ln.Addr().String()
	if strings.HasPrefix(*addr, "localhost:") {
		host = *addr
	}
	fmt.Printf("serving %s at http://%s/ (Ctrl-C to stop)\n", *dir, host)
	srv := &http.Server{Handler: Handler(*dir), ReadHeaderTimeout: 10 * time.Second}
	if err := srv.Serve(ln); err != nil {
		fmt.Fprintln(os.Stderr, "serve:", err)
		os.Exit(1)
	}
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
		if path.Ext(name) == ".wasm" {
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
				serveGunzipped(w, file+".gz", path.Base(name))
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

func serveGunzipped(w http.ResponseWriter, file, name string) {
	f, err := os.Open(file)
	if err != nil {
		http.Error(w, name+" is missing: run make wasm", http.StatusNotFound)
		return
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		http.Error(w, name+".gz is corrupt: run make wasm", http.StatusInternalServerError)
		return
	}
	io.Copy(w, zr)
}
