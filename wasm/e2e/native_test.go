package e2e

import (
	"bytes"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestNativeWindow builds the desktop program, runs it on the X display
// (make app-test starts Xvfb when there is none), waits for its window
// and for the app to be drawn in it, and keeps a capture in out/; then
// does the same in a portrait window on the confusion view.
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
	app.Env, _, _ = appEnv(t) // never a network kept on this machine
	app.Stdout, app.Stderr = &logs, &logs
	t0 := time.Now()
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- app.Wait() }()
	stop := sync.OnceFunc(func() {
		app.Process.Kill()
		<-exited
	})
	defer stop()

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
	stop() // one window at a time: the next is found by its title

	t.Run("portrait-confusion", func(t *testing.T) { nativeConfusion(t, bin) })
}

// nativeConfusion opens the desktop program in a 412×915 window (a phone
// held upright) on the confusion view and waits until the pretrained
// model's matrix is drawn: its diagonal's blue and its misreadings'
// orange cells, in the window's own capture.
func nativeConfusion(t *testing.T, bin string) {
	var logs bytes.Buffer
	cmd := exec.Command(bin)
	env, _, _ := appEnv(t) // never a network kept on this machine
	cmd.Env = append(env, "DIGITS_WINDOW=412x915", "DIGITS_VIEW=confusion")
	cmd.Stdout, cmd.Stderr = &logs, &logs
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	shot := filepath.Join(outDir(t), "app-native-412x915-confusion.png")
	deadline := time.Now().Add(2 * time.Minute)
	for {
		out, _ := exec.Command("xwininfo", "-name", "digits: a neural network reads your handwriting").Output()
		if f := strings.Fields(string(out)); len(f) > 0 {
			for i, w := range f {
				if w == "id:" && i+1 < len(f) && exec.Command("import", "-window", f[i+1], shot).Run() == nil {
					if blue, orange := confusionShares(shot); blue > 0.005 && orange > 0.005 {
						t.Logf("MEASURE native: confusion matrix drawn after %v (%.1f%% blue, %.1f%% orange pixels); capture %s", time.Since(t0).Round(10*time.Millisecond), 100*blue, 100*orange, shot)
						return
					}
				}
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no confusion matrix in the 412×915 window after 2 minutes (see %s)\n%s", shot, logs.String())
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// confusionShares returns the fractions of a capture's pixels in the
// confusion matrix's light blue (right answers) and orange (misreadings).
func confusionShares(file string) (blue, orange float64) {
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
	var n, bl, or int
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, c, _ := img.At(x, y).RGBA()
			r, g, c = r>>8, g>>8, c>>8
			n++
			switch {
			case c > 200 && c > r+50 && g > r+20: // light sky blue
				bl++
			case r > 140 && r > g+40 && g > c+20: // orange
				or++
			}
		}
	}
	return float64(bl) / float64(n), float64(or) / float64(n)
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
