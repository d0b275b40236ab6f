package cli

import (
	"errors"
	"io/fs"
	"os"

	"digits/core"
	"digits/data"
)

// DataVar registers --data DIR, the folder LoadMNIST and LoadSet read.
func (c *Command) DataVar(dir *string) {
	c.StringVar(dir, "data", "", "`DIR` holding the four MNIST-format files, gzipped or not (default: the embedded MNIST)")
}

// LoadMNIST loads the training and test sets: the embedded MNIST when dir
// is "", else the folder dir (e.g. Fashion-MNIST). A folder that is
// missing or does not hold the files is a usage error naming the folder
// and the file.
func LoadMNIST(dir string) (train, test *core.Dataset, err error) {
	fsys, err := dataFS(dir)
	if err != nil {
		return nil, nil, err
	}
	train, test, err = core.LoadMNIST(fsys)
	return train, test, dataError(dir, err)
}

// LoadSet loads one set, "train" or "test", as LoadMNIST does.
func LoadSet(dir, set string) (*core.Dataset, error) {
	fsys, err := dataFS(dir)
	if err != nil {
		return nil, err
	}
	if dir == "" && set == "test" {
		fsys = data.TestFS
	}
	d, err := core.LoadSet(fsys, set)
	return d, dataError(dir, err)
}

// dataFS is the embedded MNIST for "", else the folder dir, which must
// exist and be a folder.
func dataFS(dir string) (fs.FS, error) {
	if dir == "" {
		return data.FS, nil
	}
	st, err := os.Stat(dir)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, Usagef("--data %s: %v", dir, err)
	}
	if !st.IsDir() {
		return nil, Usagef("--data %s is not a folder; give the folder holding the four MNIST files", dir)
	}
	return os.DirFS(dir), nil
}

// dataError makes a loading error of the folder dir a usage error that
// starts with the folder; core's message names the file. The embedded
// files are checked by the data package's tests, so an error there is
// the program's, not the user's.
func dataError(dir string, err error) error {
	if err == nil || dir == "" {
		return err
	}
	return Usagef("--data %s: %v", dir, err)
}
