package cli

import (
	"fmt"
	"io"
	"os"

	"digits/core"
)

// SaveModel writes net to path in the project's model format (see
// core.WriteModel); an empty path saves nothing. It writes to a temporary
// file first so that a failed save never leaves half a model behind.
func SaveModel(path string, net core.Model, log io.Writer) error {
	if path == "" {
		return nil
	}
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("save model: %w", err)
	}
	err = core.WriteModel(f, net)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("save model %s: %w", path, err)
	}
	fmt.Fprintf(log, "Model saved to %s\n", path)
	return nil
}
