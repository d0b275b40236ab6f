//go:build !js

package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"digits/wasm/app"
)

// On the desktop the kept network is a file in the user's configuration
// directory: $XDG_CONFIG_HOME/digits/kept (~/.config/digits/kept on
// Linux, ~/Library/Application Support/digits/kept on macOS).

// storage is where the app keeps the network across visits.
type storage struct {
	path    string
	problem string  // why nothing can be kept, or ""
	saved   app.Rev // the session's Keep revision last written
	rev     app.Rev // moves when problem does
}

// maxKeptBytes bounds the file read back: a record is a model file and
// a little more.
const maxKeptBytes = app.MaxModelFileBytes + 1<<20

func openStorage() storage {
	dir, err := os.UserConfigDir()
	if err != nil {
		return storage{problem: fmt.Sprintf("The app cannot keep what you train for next time (%v); everything else works.", err)}
	}
	return storage{path: filepath.Join(dir, "digits", "kept")}
}

func (st *storage) usable() bool { return st.problem == "" }

// load returns the kept record, or nil.
func (st *storage) load() ([]byte, error) {
	info, err := os.Stat(st.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if info.Size() > maxKeptBytes {
		return nil, fmt.Errorf("%s is %s, larger than any network the app keeps", st.path, app.Bytes(info.Size()))
	}
	return os.ReadFile(st.path)
}

// save replaces the kept record with b, through a temporary file so that
// a crash leaves the old record or the new one, never half of one.
func (st *storage) save(b []byte) error {
	if err := os.MkdirAll(filepath.Dir(st.path), 0o755); err != nil {
		return err
	}
	tmp := st.path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, st.path)
}

// remove forgets the kept record.
func (st *storage) remove() { _ = os.Remove(st.path) }
