package main

import (
	"bytes"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"digits/cmd/internal/clitest"
	"digits/core"
	"digits/data"
)

// runCmd runs the command in-process and returns its exit status and output.
func runCmd(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func loadSets(t *testing.T) (train, test *core.Dataset) {
	t.Helper()
	train, test, err := core.LoadMNIST(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	return train, test
}

// checkBlocks checks that the terminal drawing of image i of d in out is
// there under its label, 28 lines of 56 shade characters matching the
// pixels.
func checkBlocks(t *testing.T, out, name string, d *core.Dataset, i int) {
	t.Helper()
	head := fmt.Sprintf("%s image %d: label %d\n", name, i, d.Labels[i])
	at := strings.Index(out, head)
	if at < 0 {
		t.Fatalf("output lacks %q", head)
	}
	lines := strings.Split(out[at+len(head):], "\n")
	if len(lines) < 28 {
		t.Fatalf("image %d: only %d lines", i, len(lines))
	}
	img := d.Image(i)
	for r, line := range lines[:28] {
		if n := utf8.RuneCountInString(line); n != 56 {
			t.Fatalf("image %d line %d: %d characters, want 56 (two per pixel)", i, r, n)
		}
		runes := []rune(line)
		for c := range 28 {
			want := shade(img[r*28+c])
			if runes[2*c] != want || runes[2*c+1] != want {
				t.Fatalf("image %d pixel (%d,%d) = %d drawn %q, want %q twice", i, r, c, img[r*28+c], string(runes[2*c:2*c+2]), want)
			}
		}
	}
}

func TestShowTerminal(t *testing.T) {
	train, test := loadSets(t)
	code, out, errs := runCmd("0", "7", "42")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	for _, i := range []int{0, 7, 42} {
		checkBlocks(t, out, "training", train, i)
	}
	if !strings.HasPrefix(out, "training image 0: label 5\n") {
		t.Errorf("MNIST's first training image is a 5; output starts %q", out[:40])
	}
	// --test, before or after the indices, with one or two dashes.
	for _, args := range [][]string{{"--test", "0", "9999"}, {"0", "9999", "--test"}, {"-test", "0", "9999"}, {"0", "--test=true", "9999"}} {
		code, out, errs := runCmd(args...)
		if code != 0 {
			t.Fatalf("%v: exit %d, stderr %q", args, code, errs)
		}
		checkBlocks(t, out, "test", test, 0)
		checkBlocks(t, out, "test", test, 9999)
	}
}

func TestShades(t *testing.T) {
	for _, tc := range []struct {
		p    byte
		want rune
	}{{0, ' '}, {50, ' '}, {52, '░'}, {128, '▒'}, {200, '▓'}, {205, '█'}, {255, '█'}} {
		if got := shade(tc.p); got != tc.want {
			t.Errorf("shade(%d) = %q, want %q", tc.p, got, tc.want)
		}
	}
}

func TestShowPNG(t *testing.T) {
	_, test := loadSets(t)
	for _, tc := range []struct {
		scale  int
		labels bool
	}{{4, true}, {1, false}, {7, true}} {
		file := filepath.Join(t.TempDir(), "digits.png")
		code, out, errs := runCmd("--png", file, "--test", fmt.Sprintf("--scale=%d", tc.scale), fmt.Sprintf("--labels=%v", tc.labels), "3", "1", "4")
		if code != 0 {
			t.Fatalf("exit %d, stderr %q", code, errs)
		}
		if !strings.Contains(out, "Wrote 3 test image(s) to "+file) {
			t.Errorf("stdout %q", out)
		}
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		pic, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		s := tc.scale
		margin := max(2*s, 4)
		strip := 0
		if tc.labels {
			strip = labelStrip
		}
		b := pic.Bounds()
		if b.Dx() != margin+3*(28*s+margin) || b.Dy() != 2*margin+28*s+strip {
			t.Fatalf("scale %d: picture %v", s, b)
		}
		// Every picture pixel of each digit is its MNIST pixel, inverted
		// (black ink on white paper).
		for n, i := range []int{3, 1, 4} {
			img := test.Image(i)
			x0 := margin + n*(28*s+margin)
			for y := range 28 * s {
				for x := range 28 * s {
					r, _, _, _ := pic.At(x0+x, margin+y).RGBA()
					if want := 255 - img[(y/s)*28+x/s]; byte(r>>8) != want {
						t.Fatalf("scale %d digit %d: pixel (%d,%d) is %d, want %d", s, n, x, y, r>>8, want)
					}
				}
			}
		}
		// The label strip has ink only when labels are on.
		ink := false
		for y := margin + 28*s; y < b.Max.Y; y++ {
			for x := 0; x < b.Max.X; x++ {
				if r, _, _, _ := pic.At(x, y).RGBA(); r < 0x8000 {
					ink = true
				}
			}
		}
		if ink != tc.labels {
			t.Errorf("labels %v: ink under the digits = %v", tc.labels, ink)
		}
	}
}

// --data DIR reads a folder of MNIST-format files, as cmd/train does.
func TestShowFromDataDir(t *testing.T) {
	_, test := loadSets(t)
	dir := t.TempDir()
	small := test.Subset(20)
	for name, f := range map[string]struct {
		dims []int
		b    []byte
	}{
		"t10k-images-idx3-ubyte": {[]int{20, 28, 28}, small.Images},
		"t10k-labels-idx1-ubyte": {[]int{20}, small.Labels},
	} {
		var buf bytes.Buffer
		if err := core.EncodeIDX(&buf, f.dims, f.b); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errs := runCmd("--data", dir, "--test", "19")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	checkBlocks(t, out, "test", test, 19)
	code, _, errs = runCmd("--data", dir, "--test", "20")
	if code != 2 || !strings.Contains(errs, "has 20 images, 0 to 19") {
		t.Errorf("index 20 of 20: exit %d, stderr %q", code, errs)
	}
	// The folder has no training set.
	code, _, errs = runCmd("--data", dir, "0")
	if code != 2 || !strings.Contains(errs, "--data "+dir+": train-images-idx3-ubyte") {
		t.Errorf("no training files: exit %d, stderr %q", code, errs)
	}
}

func TestShowBadInput(t *testing.T) {
	notDir := filepath.Join(t.TempDir(), "file")
	os.WriteFile(notDir, []byte("x"), 0o644)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "no image index given"},
		{[]string{"--test"}, 2, "no image index given"},
		{[]string{"abc"}, 2, `index "abc" is not a number`},
		{[]string{"1.5"}, 2, `index "1.5" is not a number`},
		{[]string{"60000"}, 2, "index 60000 is out of range: the training set has 60000 images, 0 to 59999"},
		{[]string{"--test", "10000"}, 2, "index 10000 is out of range: the test set has 10000 images, 0 to 9999"},
		{[]string{"-1"}, 2, "index -1 is out of range"},
		{[]string{"0", "-5"}, 2, "index -5 is out of range"},
		{[]string{"--scale", "-1", "0"}, 2, "--scale -1: want 1 to 32"},
		{[]string{"0", "--colour"}, 2, "flag provided but not defined: -colour"},
		{[]string{"--scale", "0", "1"}, 2, "--scale 0: want 1 to 32"},
		{[]string{"--scale", "x", "1"}, 2, "invalid value"},
		{[]string{"--png"}, 2, "flag needs an argument"},
		{[]string{"--data", "/does/not/exist", "0"}, 2, "--data /does/not/exist: no such file or directory"},
		{[]string{"--data", notDir, "0"}, 2, "is not a folder"},
		{[]string{"--png", "/does/not/exist/x.png", "0"}, 1, "/does/not/exist/x.png"},
	} {
		code, out, errs := runCmd(tc.args...)
		if code != tc.code {
			t.Errorf("%q: exit %d, want %d (stderr %q)", tc.args, code, tc.code, errs)
		}
		first, rest, _ := strings.Cut(errs, "\n")
		if !strings.HasPrefix(first, "show-mnist-image: ") || !strings.Contains(first, tc.want) {
			t.Errorf("%q: first line of stderr %q, want it to say %q", tc.args, first, tc.want)
		}
		if hasUsage := strings.HasPrefix(rest, "usage: show-mnist-image"); hasUsage != (tc.code == 2) {
			t.Errorf("%q: usage printed = %v, want %v", tc.args, hasUsage, tc.code == 2)
		}
		if out != "" {
			t.Errorf("%q: stdout %q, want nothing", tc.args, out)
		}
	}
	clitest.Help(t, "show-mnist-image", run, "test", "data", "png", "scale", "labels")
	if code, _, errs := runCmd("--help"); code != 0 || !strings.Contains(errs, "--png FILE") {
		t.Errorf("--help: exit %d, stderr %q", code, errs)
	}
}
