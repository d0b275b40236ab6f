//go:build !js

package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/hajimehoshi/ebiten/v2"

	"digits/wasm/app"
)

// On the desktop, files come by dropping them on the window (ebiten
// gathers them), and Export writes into the Downloads folder, or the
// working directory when there is none.

// openPicker tells how to open a file: ebiten has no file dialog.
func openPicker(g *Game) {
	g.notice.Set("Drop a .model file or a PNG, JPEG or GIF picture of a digit on this window to open it.", app.Accent)
}

// pollFiles opens the first file dropped on the window since the last
// Update.
func pollFiles(g *Game) {
	fsys := ebiten.DroppedFiles()
	if fsys == nil {
		return
	}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil || len(entries) == 0 {
		return
	}
	name := entries[0].Name()
	if entries[0].IsDir() {
		g.refuseFile(name, errors.New("a folder, not a file"))
		return
	}
	b, err := readDropped(fsys, name)
	if err != nil {
		g.refuseFile(name, err)
		return
	}
	_ = g.openFile(name, b)
}

// readDropped reads a dropped file if its size is within the limit of its
// kind, which its first bytes tell.
func readDropped(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	head := make([]byte, 16)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, err
	}
	head = head[:n]
	if err := app.TooLarge(info.Size(), head); err != nil {
		return nil, err
	}
	rest, err := io.ReadAll(io.LimitReader(f, app.FileLimit(head)))
	if err != nil {
		return nil, err
	}
	return append(head, rest...), nil
}

// saveFile writes b as name into the Downloads folder, or the working
// directory, and says where.
func saveFile(name string, b []byte) (string, error) {
	dir := "."
	if home, err := os.UserHomeDir(); err == nil {
		if d := filepath.Join(home, "Downloads"); isDir(d) {
			dir = d
		}
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return "", err
	}
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	return fmt.Sprintf("to %s", path), nil
}

func isDir(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.IsDir()
}

// openArgs opens the file named on the command line, if any (go run
// ./wasm my.model, or a picture of a digit), as if it were dropped on the
// window.
func openArgs(g *Game, args []string) error {
	switch len(args) {
	case 0:
		return nil
	case 1:
	default:
		return fmt.Errorf("give at most one file to open (a .model file or a PNG, JPEG or GIF picture), not %d", len(args))
	}
	dir, name := filepath.Split(args[0])
	if dir == "" {
		dir = "."
	}
	b, err := readDropped(os.DirFS(dir), name)
	if err != nil {
		return fmt.Errorf("%s: %w", args[0], err)
	}
	return g.openFile(name, b)
}
