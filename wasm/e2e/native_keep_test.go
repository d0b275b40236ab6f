package e2e

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"digits/wasm/app"
)

// appEnv is the environment the desktop program runs in during the
// tests: its own home (with a Downloads folder, where Export writes) and
// configuration folder (where it keeps the network), so that it never
// reads a network kept on the machine nor leaves one there.
func appEnv(t *testing.T) (env []string, home, config string) {
	t.Helper()
	home, config = t.TempDir(), t.TempDir()
	if err := os.Mkdir(filepath.Join(home, "Downloads"), 0o755); err != nil {
		t.Fatal(err)
	}
	return append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+config), home, config
}

// desktopApp is the desktop program running in an X window.
type desktopApp struct {
	cmd    *exec.Cmd
	logs   bytes.Buffer
	exited chan error
	window string // its X window id
}

const windowTitle = "digits: a neural network reads your handwriting"

// startApp runs the desktop program bin with args and env in dir, and
// waits for its window. An X server started without -noreset (a plain
// xvfb-run) resets when its last client leaves and refuses connections
// meanwhile: a program that could not open the display is started again,
// up to three times.
func startApp(t *testing.T, bin, dir string, env []string, args ...string) *desktopApp {
	t.Helper()
	for try := 1; ; try++ {
		a := launchApp(t, bin, dir, env, args...)
		if a != nil {
			return a
		}
		if try == 3 {
			t.Fatal("the app could not open the X display three times")
		}
		time.Sleep(time.Second)
	}
}

// launchApp is one try of startApp: nil if the program could not open
// the display.
func launchApp(t *testing.T, bin, dir string, env []string, args ...string) *desktopApp {
	t.Helper()
	a := &desktopApp{cmd: exec.Command(bin, args...), exited: make(chan error, 1)}
	a.cmd.Dir, a.cmd.Env = dir, env
	a.cmd.Stdout, a.cmd.Stderr = &a.logs, &a.logs
	if err := a.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { a.exited <- a.cmd.Wait() }()
	t.Cleanup(a.stop)
	deadline := time.Now().Add(2 * time.Minute)
	for {
		out, _ := exec.Command("xdotool", "search", "--name", windowTitle).Output()
		if f := strings.Fields(string(out)); len(f) > 0 {
			a.window = f[len(f)-1]
			return a
		}
		select {
		case err := <-a.exited:
			a.exited <- err
			if strings.Contains(a.logs.String(), "Failed to open display") {
				t.Logf("the app could not open the X display; starting it again\n%s", a.logs.String())
				return nil
			}
			t.Fatalf("the app exited before opening a window: %v\n%s", err, a.logs.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no window titled %q after 2 minutes\n%s", windowTitle, a.logs.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// stop ends the program, if it still runs.
func (a *desktopApp) stop() {
	select {
	case err := <-a.exited:
		a.exited <- err
	default:
		a.cmd.Process.Kill()
		a.exited <- <-a.exited
	}
}

// pressFor presses key in the app's window, held for a few frames (the game
// reads the keyboard once a frame), until file appears; it returns the
// file's bytes.
func (a *desktopApp) pressFor(t *testing.T, key, file string) []byte {
	t.Helper()
	for try := 0; try < 10; try++ {
		for _, args := range [][]string{{"windowfocus", "--sync", a.window}, {"keydown", key}} {
			if out, err := exec.Command("xdotool", args...).CombinedOutput(); err != nil {
				t.Fatalf("xdotool %s: %v\n%s", strings.Join(args, " "), err, out)
			}
		}
		time.Sleep(300 * time.Millisecond)
		exec.Command("xdotool", "keyup", key).Run()
		for end := time.Now().Add(3 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
			if b, err := os.ReadFile(file); err == nil && len(b) > 0 {
				time.Sleep(200 * time.Millisecond) // written whole by now
				b, err = os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				return b
			}
		}
	}
	t.Fatalf("pressing %s in the app's window wrote no %s\n%s", key, file, a.logs.String())
	return nil
}

// capture keeps a capture of the app's window in out/NAME.png.
func (a *desktopApp) capture(t *testing.T, name string) {
	t.Helper()
	p := filepath.Join(outDir(t), name+".png")
	if err := exec.Command("import", "-window", a.window, p).Run(); err != nil {
		t.Errorf("capture the window: %v", err)
		return
	}
	t.Logf("capture %s", p)
}

// TestNativeKeep runs the desktop program with a cmd/train model file on
// its command line: it opens it as if dropped, Export (key X) writes it
// unchanged into ~/Downloads, and it is kept in
// $XDG_CONFIG_HOME/digits/kept; started again without a file, the
// program restores it and exports the same bytes.
func TestNativeKeep(t *testing.T) {
	need(t)
	if os.Getenv("DISPLAY") == "" {
		t.Fatal("no DISPLAY: run under xvfb-run -a (make app-test does)")
	}
	for _, tool := range []string{"xdotool", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s not found: apt-get install xdotool imagemagick", tool)
		}
	}
	bin := filepath.Join(t.TempDir(), "digits")
	if out, err := exec.Command("go", "build", "-o", bin, "digits/wasm").CombinedOutput(); err != nil {
		t.Fatalf("build the desktop app: %v\n%s", err, out)
	}
	model := trainModel(t, command(t, "train"), smallTrainArgs...)
	work := t.TempDir()
	given := filepath.Join(work, "mine.model")
	if err := os.WriteFile(given, model, 0o644); err != nil {
		t.Fatal(err)
	}
	env, home, config := appEnv(t)
	exported := filepath.Join(home, "Downloads", "digits-784-32-10.model")
	kept := filepath.Join(config, "digits", "kept")

	first := startApp(t, bin, work, env, given)
	sameBytes(t, "the file exported after opening "+given, first.pressFor(t, "x", exported), model)
	first.capture(t, "app-native-exported")
	b, err := os.ReadFile(kept)
	if err != nil {
		t.Fatalf("nothing kept for the next start: %v\n%s", err, first.logs.String())
	}
	rec, _, err := app.DecodeKept(b)
	if err != nil {
		t.Fatalf("the kept record %s: %v", kept, err)
	}
	sameBytes(t, "the kept record's model file", rec.Model, model)
	if rec.Name != "mine.model" || rec.Trained {
		t.Errorf("the kept record is named %q (trained here: %v), want mine.model, imported", rec.Name, rec.Trained)
	}
	first.stop()

	if err := os.Remove(exported); err != nil {
		t.Fatal(err)
	}
	second := startApp(t, bin, work, env)
	sameBytes(t, "the file exported after a restart without a file", second.pressFor(t, "x", exported), model)
	second.capture(t, "app-native-restored")
	second.stop()
	if files, err := os.ReadDir(work); err != nil || len(files) != 1 {
		t.Errorf("the working folder holds %d files, want only %s: Export writes into ~/Downloads", len(files), given)
	}
}
