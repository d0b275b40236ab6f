package main

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"digits/cmd/internal/clitest"
	"digits/core"
	"digits/data"
)

// drawDigit redraws MNIST test image i big, dark on light paper: each
// MNIST pixel becomes a 10×10 block, cut at half ink.
func drawDigit(t *testing.T, test *core.Dataset, i int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, 280, 280))
	for y := range 280 {
		for x := range 280 {
			c := color.RGBA{250, 250, 245, 255}
			if test.Image(i)[(y/10)*28+x/10] >= 128 {
				c = color.RGBA{20, 20, 60, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

func writeFile(t *testing.T, path string, encode func(f *os.File) error) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := encode(f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// classify reads real PNG, JPEG and GIF files of MNIST digits, says
// "none" for a blank picture, reports unreadable files and goes on.
func TestClassifyFiles(t *testing.T) {
	test, err := core.LoadSet(data.TestFS, "test")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p := func(name string) string { return filepath.Join(dir, name) }
	// Test images 0, 1, 2, 3: the digits 7, 2, 1, 0.
	writeFile(t, p("seven.png"), func(f *os.File) error { return png.Encode(f, drawDigit(t, test, 0)) })
	writeFile(t, p("two.jpg"), func(f *os.File) error { return jpeg.Encode(f, drawDigit(t, test, 1), &jpeg.Options{Quality: 80}) })
	writeFile(t, p("one.gif"), func(f *os.File) error { return gif.Encode(f, drawDigit(t, test, 2), nil) })
	writeFile(t, p("zero.png"), func(f *os.File) error { return png.Encode(f, drawDigit(t, test, 3)) })
	blank := image.NewGray(image.Rect(0, 0, 50, 50))
	for i := range blank.Pix {
		blank.Pix[i] = 255
	}
	writeFile(t, p("blank.png"), func(f *os.File) error { return png.Encode(f, blank) })
	os.WriteFile(p("notes.txt"), []byte("not a picture\n"), 0o644)
	var broken bytes.Buffer
	png.Encode(&broken, drawDigit(t, test, 0))
	os.WriteFile(p("broken.png"), broken.Bytes()[:broken.Len()/2], 0o644)

	var stdout, stderr bytes.Buffer
	args := []string{p("seven.png"), p("notes.txt"), p("two.jpg"), p("missing.png"), p("one.gif"), p("blank.png"), p("broken.png"), p("zero.png")}
	status := run(args, &stdout, &stderr)
	if status != 1 {
		t.Errorf("exit status %d, want 1 (some files unreadable)", status)
	}
	lines := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
	want := []struct{ file, digit string }{{"seven.png", "7"}, {"two.jpg", "2"}, {"one.gif", "1"}, {"blank.png", "none"}, {"zero.png", "0"}}
	if len(lines) != len(want) {
		t.Fatalf("stdout has %d lines, want %d:\n%s", len(lines), len(want), stdout.String())
	}
	for i, w := range want {
		f := strings.Split(lines[i], "\t")
		if len(f) != 3 || f[0] != p(w.file) || f[1] != w.digit || len(f[2]) != 6 {
			t.Errorf("line %q, want %s<TAB>%s<TAB>probability with 4 decimals", lines[i], p(w.file), w.digit)
		}
		if w.digit == "none" && f[2] != "0.0000" {
			t.Errorf("blank picture: probability %s, want 0.0000", f[2])
		}
	}
	for _, name := range []string{"notes.txt", "missing.png", "broken.png"} {
		if !strings.Contains(stderr.String(), p(name)+": ") {
			t.Errorf("stderr does not name %s:\n%s", name, stderr.String())
		}
	}
	if n := strings.Count(stderr.String(), "\n"); n != 3 {
		t.Errorf("stderr has %d lines, want 3 (one per unreadable file):\n%s", n, stderr.String())
	}

	// --top 3 lists three guesses, most likely first; all pictures read: status 0.
	stdout.Reset()
	if status := run([]string{"-top", "3", p("seven.png")}, &stdout, &stderr); status != 0 {
		t.Errorf("--top 3: exit status %d, want 0", status)
	}
	if f := strings.Split(strings.TrimSpace(stdout.String()), "\t"); len(f) != 7 || f[1] != "7" || f[2] < f[4] || f[4] < f[6] {
		t.Errorf("--top 3: got %q, want the file and three digit/probability pairs, most likely first", stdout.String())
	}

	// --model reads a model file; a corrupt one is refused.
	net, err := core.NewInitialized([]int{784, 8, 10}, core.InitHe, 1)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, p("tiny.model"), func(f *os.File) error { return core.WriteModel(f, net) })
	stdout.Reset()
	if status := run([]string{"--model", p("tiny.model"), p("zero.png")}, &stdout, &stderr); status != 0 || !strings.HasPrefix(stdout.String(), p("zero.png")+"\t") {
		t.Errorf("--model tiny.model: status %d, output %q", status, stdout.String())
	}
	os.WriteFile(p("bad.model"), []byte("DIGITSNN\x07\x00\x00\x00"), 0o644)
	stderr.Reset()
	if status := run([]string{"--model", p("bad.model"), p("zero.png")}, &stdout, &stderr); status != 1 || !strings.Contains(stderr.String(), "version 7") {
		t.Errorf("--model bad.model: status %d, stderr %q; want 1 and the reason", status, stderr.String())
	}
}

// A bad command line is a one-line error, the usage, and status 2.
func TestClassifyUsage(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "no pictures given"},
		{[]string{"--top", "0", "x.png"}, "--top 0: want 1 to 10"},
		{[]string{"-top", "11", "x.png"}, "--top 11: want 1 to 10"},
		{[]string{"--top", "eleven", "x.png"}, `invalid value "eleven" for flag -top`},
		{[]string{"--colour", "x.png"}, "flag provided but not defined: -colour"},
		{[]string{"--model"}, "flag needs an argument: -model"},
	} {
		clitest.BadUsage(t, "classify", run, c.args, c.want)
	}
	clitest.Help(t, "classify", run, "model", "top")
}
