package e2e

import (
	"bytes"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestNativeWindow builds the desktop program, runs it on the X display
// (make app-test starts Xvfb when there is none), waits for its window
// and for the app to be drawn in it, and keeps a capture in out/.
func TestNativeWindow(t *testing.T) {
	need(t)
	if os.Getenv("DISPLAY") == "" {
		t.Fatal("no DISPLAY: run under xvfb-run -a (make app-test does)")
	}
	for _, tool := range []string{"xwininfo", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s not found: apt-get install x11-utils imagemagick", tool)
		}
	}
	bin := filepath.Join(t.TempDir(), "digits")
	build := exec.Command("go", "build", "-o", bin, "digits/wasm")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build the desktop app: %v\n%s", err, out)
	}
	var logs bytes.Buffer
	app := exec.Command(bin)
	app.Stdout, app.Stderr = &logs, &logs
	t0 := time.Now()
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- app.Wait() }()
	defer func() {
		app.Process.Kill()
		<-exited
	}()

	// The window appears...
	deadline := time.Now().Add(2 * time.Minute)
	for {
		out, _ := exec.Command("xwininfo", "-root", "-tree").Output()
		if strings.Contains(string(out), "digits: a neural network") {
			break
		}
		select {
		case err := <-exited:
			t.Fatalf("the app exited before opening a window: %v\n%s", err, logs.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no window titled \"digits: ...\" after 2 minutes\n%s", logs.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Logf("MEASURE native: window after %v", time.Since(t0).Round(10*time.Millisecond))

	// ...and the app is drawn in it: the white pad and the dark page.
	shot := filepath.Join(outDir(t), "app-native.png")
	for {
		if err := exec.Command("import", "-window", "root", shot).Run(); err == nil {
			if paper, dark := shares(t, shot); paper > 0.05 && dark > 0.3 {
				t.Logf("MEASURE native: drawn after %v (pad %.0f%%, page %.0f%% of the screen); capture %s", time.Since(t0).Round(10*time.Millisecond), 100*paper, 100*dark, shot)
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the window shows no app after 2 minutes (see %s)\n%s", shot, logs.String())
		}
		time.Sleep(500 * time.Millisecond)
	}
	// Let it decode the data and measure the pretrained model, then keep
	// the capture people see.
	time.Sleep(8 * time.Second)
	if err := exec.Command("import", "-window", "root", shot).Run(); err != nil {
		t.Errorf("capture: %v", err)
	}
	select {
	case err := <-exited:
		t.Fatalf("the app exited: %v\n%s", err, logs.String())
	default:
	}
}

// shares returns the fractions of a capture's pixels that are the pad's
// paper white and the page's dark blue.
func shares(t *testing.T, file string) (paper, dark float64) {
	f, err := os.Open(file)
	if err != nil {
		return 0, 0
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return 0, 0
	}
	b := img.Bounds()
	var n, p, d int
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			r, g, bl = r>>8, g>>8, bl>>8
			n++
			switch {
			case r > 0xf0 && g > 0xf0 && bl > 0xf0:
				p++
			case r < 0x30 && g < 0x30 && bl < 0x40 && bl > r:
				d++
			}
		}
	}
	return float64(p) / float64(n), float64(d) / float64(n)
}
