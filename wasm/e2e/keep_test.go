package e2e

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"digits/assets"
	"digits/core"
	"digits/data"
	"digits/wasm/app"
)

// The page's files and settings: export and import of model files,
// pictures put on the pad, the training panel's settings in the URL, and
// the network kept across visits, checked against cmd/train and
// cmd/classify run on the same files.

// smallHash is the small configuration the page trains bit for bit as
// cmd/train does (smallTrainArgs).
const smallHash = "hidden=32&lr=0.1&batch=32&init=he&seed=3"

var smallTrainArgs = []string{"--n_hidden", "32", "--learning_rate", "0.1", "--batch_size", "32", "--initial_params", "he", "--seed", "3", "--epochs", "1"}

// command builds digits/cmd/NAME into a temporary folder and returns its
// path.
func command(t *testing.T, name string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), name)
	if out, err := exec.Command("go", "build", "-o", bin, "digits/cmd/"+name).CombinedOutput(); err != nil {
		t.Fatalf("build cmd/%s: %v\n%s", name, err, out)
	}
	return bin
}

// trainModel runs cmd/train with args and --save, returning the model
// file it wrote.
func trainModel(t *testing.T, train string, args ...string) []byte {
	t.Helper()
	file := filepath.Join(t.TempDir(), "trained.model")
	out, err := exec.Command(train, append(args, "--save", file)...).CombinedOutput()
	if err != nil {
		t.Fatalf("cmd/train %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// modelOf reads a model file natively.
func modelOf(t *testing.T, file []byte) core.Model {
	t.Helper()
	m, err := core.ReadModel(bytes.NewReader(file))
	if err != nil {
		t.Fatalf("read the model file natively: %v", err)
	}
	return m
}

func checksum(m core.Model) string { return fmt.Sprintf("%016x", m.Checksum()) }

// classified is what cmd/classify says of one picture.
type classified struct {
	digit int
	p     float64
}

// classify runs cmd/classify on a picture with a model file and reads its
// line: PICTURE, DIGIT and PROBABILITY, tab-separated.
func classify(t *testing.T, bin string, model, picture []byte) classified {
	t.Helper()
	dir := t.TempDir()
	mf, pf := filepath.Join(dir, "m.model"), filepath.Join(dir, "p.png")
	if err := os.WriteFile(mf, model, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pf, picture, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "--model", mf, pf).CombinedOutput()
	if err != nil {
		t.Fatalf("cmd/classify: %v\n%s", err, out)
	}
	f := strings.Split(strings.TrimSpace(string(out)), "\t")
	if len(f) != 3 {
		t.Fatalf("cmd/classify printed %q, want PICTURE\\tDIGIT\\tPROBABILITY", out)
	}
	d, err1 := strconv.Atoi(f[1])
	p, err2 := strconv.ParseFloat(f[2], 64)
	if err1 != nil || err2 != nil {
		t.Fatalf("cmd/classify printed %q", out)
	}
	return classified{d, p}
}

// digitPicture draws MNIST test image i as a PNG of ink on paper, four
// times larger: the way a person scans a digit, dark on light.
func digitPicture(t *testing.T, test *core.Dataset, i int) []byte {
	t.Helper()
	const scale = 4
	img := image.NewGray(image.Rect(0, 0, test.Cols*scale, test.Rows*scale))
	px := test.Image(i)
	for y := range test.Rows * scale {
		for x := range test.Cols * scale {
			img.SetGray(x, y, color.Gray{255 - px[(y/scale)*test.Cols+x/scale]})
		}
	}
	return encodePNG(t, img)
}

// blankPicture is white paper without a digit.
func blankPicture(t *testing.T) []byte {
	img := image.NewGray(image.Rect(0, 0, 64, 64))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	return encodePNG(t, img)
}

func encodePNG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// firstOf is the index of the first test image of digit d.
func firstOf(test *core.Dataset, d byte) int {
	return bytes.IndexByte(test.Labels, d)
}

// jsBytes is a JavaScript expression for a Uint8Array holding b.
func jsBytes(b []byte) string {
	return fmt.Sprintf(`Uint8Array.from(atob(%q), c => c.charCodeAt(0))`, base64.StdEncoding.EncodeToString(b))
}

// exportModel is window.digits.exportModel(), or nil when it is null.
func exportModel(t *testing.T, ctx context.Context) []byte {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
		const b = window.digits.exportModel();
		if (b === null) return "null";
		if (!(b instanceof Uint8Array)) return "not a Uint8Array";
		let s = "";
		for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode.apply(null, b.subarray(i, i + 8192));
		return "=" + btoa(s);
	})()`))
	if err != nil {
		t.Fatalf("exportModel(): %v", err)
	}
	if !strings.HasPrefix(s, "=") {
		t.Fatalf("exportModel() returned %s", s)
	}
	b, err := base64.StdEncoding.DecodeString(s[1:])
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sameBytes fails the test unless got is want, naming what they are.
func sameBytes(t *testing.T, what string, got, want []byte) {
	t.Helper()
	if !bytes.Equal(got, want) {
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		t.Errorf("%s: %d bytes, want %d bytes; they differ from byte %d on", what, len(got), len(want), i)
	}
}

// callFile calls window.digits.FN(bytes, name) (importModel or loadImage)
// and returns what it says.
func callFile(t *testing.T, ctx context.Context, fn string, b []byte, name string) string {
	t.Helper()
	msg, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`window.digits.%s(%s, %q)`, fn, jsBytes(b), name)))
	if err != nil {
		t.Fatalf("%s(%s): %v", fn, name, err)
	}
	return msg
}

// settings is window.digits.settings.
type settings struct {
	Hidden       []int
	LearningRate float64
	BatchSize    int
	Init         string
	Seed         any
}

func settingsOf(t *testing.T, ctx context.Context) settings {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[settings](`window.digits.settings`))
	if err != nil {
		t.Fatalf("settings: %v", err)
	}
	return s
}

// defaultSettings are the panel's settings when nothing sets them.
var defaultSettings = settings{Hidden: []int{300, 100}, LearningRate: 0.1, BatchSize: 32, Init: "he", Seed: 1.0}

// waitModel waits until the pad uses the network of model file want, and
// checks that exportModel() gives it back byte for byte.
func waitModel(t *testing.T, ctx context.Context, what string, want []byte) {
	t.Helper()
	poll(t, ctx, fmt.Sprintf(`window.digits.stats().checksum === %q`, checksum(modelOf(t, want))), 30*time.Second, what+": the pad does not use the model")
	sameBytes(t, what+": exportModel()", exportModel(t, ctx), want)
}

// waitPicture waits until the pad reads what cmd/classify reads in the
// same picture.
func waitPicture(t *testing.T, ctx context.Context, what string, want classified) {
	t.Helper()
	cond := fmt.Sprintf(`window.digits.prediction.digit === %d && Math.abs(window.digits.prediction.probabilities[%d] - %v) <= 0.00005`, want.digit, want.digit, want.p)
	pctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if _, err := chromedp.Run(pctx, chromedp.Poll[bool](cond, chromedp.WithPollingInterval(20*time.Millisecond))); err != nil {
		got, _ := chromedp.Run(ctx, chromedp.Evaluate[pred](`window.digits.prediction`))
		t.Fatalf("%s: the page reads %v (probabilities %.4f); cmd/classify reads %d with p=%.4f", what, got.Digit, got.Probabilities, want.digit, want.p)
	}
}

func prediction(t *testing.T, ctx context.Context) pred {
	t.Helper()
	p, err := chromedp.Run(ctx, chromedp.Evaluate[pred](`window.digits.prediction`))
	if err != nil {
		t.Fatalf("prediction: %v", err)
	}
	return p
}

// confusionOf is model m's confusion matrix over the test digits,
// computed natively by core.
func confusionOf(m core.Model, test *core.Dataset) [10][10]int {
	var c [10][10]int
	for i, g := range m.PredictAll(test) {
		c[test.Labels[i]][g]++
	}
	return c
}

// dropFile dispatches a drop of a file named name holding the bytes of
// the JavaScript expression js on the canvas, as a person dropping a
// file from their desktop would.
func dropFile(t *testing.T, ctx context.Context, js, name string) {
	t.Helper()
	eval(t, ctx, fmt.Sprintf(`(() => {
		const dt = new DataTransfer();
		dt.items.add(new File([%s], %q));
		document.querySelector("canvas").dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
	})()`, js, name))
}

// uploadFile chooses a file for the page's hidden file input, as the
// Import button's dialog does.
func uploadFile(t *testing.T, ctx context.Context, b []byte, name string) {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS("#digits-file"), []string{p})); err != nil {
		t.Fatalf("choose %s in #digits-file: %v", name, err)
	}
}

// oversizeModel is a JavaScript expression for a buffer one byte over
// the largest model file, opening as a model file does.
func oversizeModel() string {
	return fmt.Sprintf(`(() => { const b = new Uint8Array(%d); b.set(new TextEncoder().encode(%q)); return b; })()`, app.MaxModelFileBytes+1, core.ModelMagic)
}

// badFile is a file the app must refuse, and what its message must say.
type badFile struct {
	name, want string
	file       []byte
}

// badModels are model files the app must refuse, each for its own
// reason, made from the good model file good.
func badModels(t *testing.T, good []byte) []badFile {
	t.Helper()
	version := bytes.Clone(good)
	binary.LittleEndian.PutUint32(version[len(core.ModelMagic):], 99)
	small, err := core.NewInitialized([]int{10, 5, 10}, core.InitHe, 1)
	if err != nil {
		t.Fatal(err)
	}
	var notMNIST bytes.Buffer
	if err := core.WriteModel(&notMNIST, small); err != nil {
		t.Fatal(err)
	}
	garbage := make([]byte, 4096)
	rng := core.NewRand(7)
	for i := range garbage {
		garbage[i] = byte(rng.IntN(256))
	}
	return []badFile{
		{"truncated.model", "", good[:len(good)/2]},
		{"garbage.model", "not a digits model file", garbage},
		{"version.model", "version 99", version},
		{"10-5-10.model", "784 inputs", notMNIST.Bytes()},
	}
}

// TestE2EKeep drives the served page's files and settings: settings from
// the URL and back into it, train(1) equal to cmd/train byte for byte,
// the network kept across a reload and forgotten by reset(), importModel
// and loadImage with good and bad files (checked against cmd/classify),
// and the same files delivered by the file input and by dropping them.
func TestE2EKeep(t *testing.T) {
	need(t)
	dir := root(t)
	if _, err := os.Stat(filepath.Join(dir, "web", "app.html")); err != nil {
		t.Fatalf("web/app.html is missing: run make wasm first")
	}
	train, classifier := command(t, "train"), command(t, "classify")
	trained := trainModel(t, train, smallTrainArgs...)
	other := trainModel(t, train, "--n_hidden", "16", "--learning_rate", "0.1", "--batch_size", "32", "--initial_params", "he", "--seed", "4", "--epochs", "1")
	test, err := core.LoadSet(data.TestFS, "test")
	if err != nil {
		t.Fatal(err)
	}
	base := serve(t, filepath.Join(dir, "web"))
	url := base + "#" + smallHash
	ctx := browser(t)
	ctx, cancel := context.WithTimeout(ctx, 20*time.Minute)
	defer cancel()
	shot := screenshotter(t, ctx, "keep")
	openPage(t, ctx, url)

	t.Run("settings", func(t *testing.T) {
		want := settings{Hidden: []int{32}, LearningRate: 0.1, BatchSize: 32, Init: "he", Seed: 3.0}
		if got := settingsOf(t, ctx); !reflect.DeepEqual(got, want) {
			t.Errorf("#%s: settings = %+v, want %+v", smallHash, got, want)
		}
		sameBytes(t, "exportModel() of a fresh page (the pretrained model)", exportModel(t, ctx), assets.DefaultModelBytes())
		// A preset chosen on the panel (key 1: 32-16) rewrites the hash in
		// place: the history does not grow.
		history := func() int {
			n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`history.length`))
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := history()
		pressKey(t, ctx, '1')
		poll(t, ctx, `location.hash === "#hidden=32-16&lr=0.1&batch=32&init=he&seed=3"`, 10*time.Second, "key 1 did not rewrite the hash")
		if got := settingsOf(t, ctx); !reflect.DeepEqual(got.Hidden, []int{32, 16}) {
			t.Errorf("after key 1 settings.hidden = %v, want [32 16]", got.Hidden)
		}
		if after := history(); after != before {
			t.Errorf("history.length went from %d to %d when the panel changed the hash", before, after)
		}
		// The hash typed into the address bar sets the panel.
		eval(t, ctx, fmt.Sprintf(`location.hash = %q`, smallHash))
		poll(t, ctx, `window.digits.settings.hidden.length === 1 && window.digits.settings.hidden[0] === 32`, 10*time.Second, "a new hash did not set the panel")
	})

	t.Run("train-equals-cmd-train", func(t *testing.T) {
		poll(t, ctx, `window.digits.dataReady`, 5*time.Minute, "the training images were never decoded")
		eval(t, ctx, `window.digits.train(1)`)
		poll(t, ctx, `window.digits.epoch === 1 && window.digits.training === false && window.digits.testAccuracy !== null`, 10*time.Minute, "train(1) did not finish one epoch and pause")
		sameBytes(t, "train(1) then exportModel() against cmd/train "+strings.Join(smallTrainArgs, " "), exportModel(t, ctx), trained)
		checkTrainedConfusion(t, ctx)
	})

	t.Run("kept-across-reload", func(t *testing.T) {
		before := exportModel(t, ctx)
		reloadPage(t, ctx)
		sameBytes(t, "exportModel() after a reload", exportModel(t, ctx), before)
		if ep, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`window.digits.epoch`)); ep != 1 {
			t.Errorf("after a reload epoch = %d, want the kept network's 1", ep)
		}
	})

	t.Run("import", func(t *testing.T) {
		if msg := callFile(t, ctx, "importModel", other, "other.model"); msg != "" {
			t.Fatalf("importModel(a cmd/train model) = %q, want \"\"", msg)
		}
		waitModel(t, ctx, "importModel", other)
		want := confusionOf(modelOf(t, other), test)
		cond := `(() => { const c = window.digits.confusion(); return c !== null && JSON.stringify(c) === ` + strconv.Quote(mustJSON(want)) + `; })()`
		pctx, pcancel := context.WithTimeout(ctx, time.Minute)
		_, err := chromedp.Run(pctx, chromedp.Poll[bool](cond, chromedp.WithPollingInterval(50*time.Millisecond)))
		pcancel()
		if err != nil {
			got, _ := chromedp.Run(ctx, chromedp.Evaluate[any](`window.digits.confusion()`))
			t.Errorf("confusion() of the imported model = %v; core natively %v", got, want)
		}
		shot("imported")

		seen := map[string]string{}
		for _, bad := range badModels(t, other) {
			msg := callFile(t, ctx, "importModel", bad.file, bad.name)
			t.Logf("importModel(%s) = %q", bad.name, msg)
			switch {
			case msg == "":
				t.Errorf("importModel(%s) = \"\", want the loader's message", bad.name)
			case !strings.Contains(msg, bad.want):
				t.Errorf("importModel(%s) = %q, want it to say %q", bad.name, msg, bad.want)
			case seen[msg] != "":
				t.Errorf("importModel(%s) says what importModel(%s) says: %q", bad.name, seen[msg], msg)
			}
			seen[msg] = bad.name
			sameBytes(t, "exportModel() after importModel("+bad.name+")", exportModel(t, ctx), other)
		}
		big, err := chromedp.Run(ctx, chromedp.Evaluate[string](`window.digits.importModel(`+oversizeModel()+`, "huge.model")`))
		t.Logf("importModel(huge.model) = %q", big)
		// One byte over: the message counts bytes, where megabytes would
		// round both sizes alike.
		if size := app.Thousands(float64(app.MaxModelFileBytes+1)) + " bytes"; err != nil || !strings.Contains(big, size+" is larger than any model file") {
			t.Errorf("importModel(a file one byte over the limit) = %q, %v; want it refused as %s, too large", big, err, size)
		}
		notBytes, err := chromedp.Run(ctx, chromedp.Evaluate[string](`window.digits.importModel("other.model")`))
		if err != nil || notBytes == "" {
			t.Errorf("importModel(a string) = %q, %v; want a message", notBytes, err)
		}
		sameBytes(t, "exportModel() after the bad files", exportModel(t, ctx), other)
		shot("import-refused")
	})

	t.Run("load-image", func(t *testing.T) {
		seven := digitPicture(t, test, firstOf(test, 7))
		if msg := callFile(t, ctx, "loadImage", seven, "seven.png"); msg != "" {
			t.Fatalf("loadImage(a PNG of a 7) = %q, want \"\"", msg)
		}
		waitPicture(t, ctx, "loadImage(seven.png)", classify(t, classifier, other, seven))
		before := prediction(t, ctx)
		for _, bad := range []struct {
			name string
			file []byte
		}{{"garbage.png", []byte("this is not a picture of a digit, just some text")}, {"blank.png", blankPicture(t)}} {
			msg := callFile(t, ctx, "loadImage", bad.file, bad.name)
			t.Logf("loadImage(%s) = %q", bad.name, msg)
			if msg == "" {
				t.Errorf("loadImage(%s) = \"\", want a message", bad.name)
			}
			time.Sleep(300 * time.Millisecond) // a few frames: a changed pad would be read by now
			if got := prediction(t, ctx); !reflect.DeepEqual(got, before) {
				t.Errorf("after loadImage(%s) the prediction is %v, was %v", bad.name, got, before)
			}
		}
		shot("picture")
	})

	t.Run("file-input", func(t *testing.T) {
		uploadFile(t, ctx, trained, "trained.model")
		waitModel(t, ctx, "a .model chosen in the file input", trained)
		two := digitPicture(t, test, firstOf(test, 2))
		uploadFile(t, ctx, two, "two.png")
		waitPicture(t, ctx, "a PNG chosen in the file input", classify(t, classifier, trained, two))
	})

	t.Run("drop", func(t *testing.T) {
		dropFile(t, ctx, jsBytes(other), "other.model")
		waitModel(t, ctx, "a dropped .model", other)
		four := digitPicture(t, test, firstOf(test, 4))
		dropFile(t, ctx, jsBytes(four), "four.png")
		waitPicture(t, ctx, "a dropped PNG", classify(t, classifier, other, four))

		// Bad files dropped: nothing changes and the app goes on.
		before := prediction(t, ctx)
		for _, bad := range badModels(t, other) {
			dropFile(t, ctx, jsBytes(bad.file), bad.name)
		}
		dropFile(t, ctx, oversizeModel(), "huge.model")
		dropFile(t, ctx, jsBytes([]byte("not a picture")), "note.png")
		time.Sleep(2 * time.Second) // the files are read in the background
		shot("drop-refused")
		sameBytes(t, "exportModel() after dropping bad files", exportModel(t, ctx), other)
		if got := prediction(t, ctx); !reflect.DeepEqual(got, before) {
			t.Errorf("after dropping bad files the prediction is %v, was %v", got, before)
		}
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.digits.ready && !window.digits.error`)); err != nil || !ok {
			t.Fatalf("after dropping bad files the page is not ready (%v)", err)
		}
		dropFile(t, ctx, jsBytes(trained), "trained.model")
		waitModel(t, ctx, "a good .model dropped after bad ones", trained)
	})

	t.Run("buttons", func(t *testing.T) { keepButtons(t, ctx, trained, other) })

	t.Run("reset-forgets", func(t *testing.T) {
		eval(t, ctx, `window.digits.reset()`)
		poll(t, ctx, `window.digits.stats().pretrained`, 10*time.Second, "reset() did not go back to the pretrained model")
		reloadPage(t, ctx)
		sameBytes(t, "exportModel() after reset() and a reload", exportModel(t, ctx), assets.DefaultModelBytes())
	})
}

// keepButtons clicks Export, which downloads the model file of the
// network the pad uses (the model file current), and Import, whose file
// dialog (intercepted) is given the model file next.
func keepButtons(t *testing.T, ctx context.Context, current, next []byte) {
	downloads := t.TempDir()
	if _, err := chromedp.Call(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads}); err != nil {
		t.Fatalf("allow downloads: %v", err)
	}
	name := "digits-" + modelOf(t, current).String() + ".model"
	clickNamed(t, ctx, "export")
	file := filepath.Join(downloads, name)
	var got []byte
	for end := time.Now().Add(30 * time.Second); time.Now().Before(end) && len(got) < len(current); time.Sleep(100 * time.Millisecond) {
		got, _ = os.ReadFile(file)
	}
	sameBytes(t, "the file the Export button downloads as "+name, got, current)

	opened := make(chan cdp.BackendNodeID, 1)
	if err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*page.EventFileChooserOpened); ok {
			select {
			case opened <- e.BackendNodeID:
			default:
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, page.SetInterceptFileChooserDialog, page.SetInterceptFileChooserDialogParams{Enabled: true}); err != nil {
		t.Fatalf("intercept the file dialog: %v", err)
	}
	defer chromedp.Call(ctx, page.SetInterceptFileChooserDialog, page.SetInterceptFileChooserDialogParams{Enabled: false})
	clickNamed(t, ctx, "import")
	var input cdp.BackendNodeID
	select {
	case input = <-opened:
	case <-time.After(30 * time.Second):
		t.Fatal("the Import button opened no file dialog")
	}
	p := filepath.Join(t.TempDir(), "next.model")
	if err := os.WriteFile(p, next, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, dom.SetFileInputFiles, dom.SetFileInputFilesParams{Files: []string{p}, BackendNodeID: input}); err != nil {
		t.Fatalf("choose a file in the Import button's dialog: %v", err)
	}
	waitModel(t, ctx, "a .model chosen in the Import button's dialog", next)
}

// reloadPage reloads the page and waits until the new one is ready. (A
// navigation to the same address with a hash would only move to the
// hash, not load the page again.)
func reloadPage(t *testing.T, ctx context.Context) {
	t.Helper()
	eval(t, ctx, `window.digitsBeforeReload = true`)
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatalf("reload: %v", err)
	}
	poll(t, ctx, `(!window.digitsBeforeReload && window.digits && (window.digits.ready || !!window.digits.error)) || false`, 2*time.Minute, "the reloaded page did not become ready")
	if msg, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`window.digits.error || ""`)); msg != "" {
		t.Fatalf("the reloaded page says: %s", msg)
	}
}

func mustJSON(m [10][10]int) string {
	rows := make([]string, 10)
	for y, r := range m {
		cells := make([]string, 10)
		for g, v := range r {
			cells[g] = strconv.Itoa(v)
		}
		rows[y] = "[" + strings.Join(cells, ",") + "]"
	}
	return "[" + strings.Join(rows, ",") + "]"
}

// TestE2EKeepBadHash opens the page with a bad value for every setting and
// an unknown key: the panel keeps its defaults, the page says what was
// wrong, and it works (a picture is read as cmd/classify reads it).
func TestE2EKeepBadHash(t *testing.T) {
	need(t)
	dir := root(t)
	classifier := command(t, "classify")
	test, err := core.LoadSet(data.TestFS, "test")
	if err != nil {
		t.Fatal(err)
	}
	base := serve(t, filepath.Join(dir, "web"))
	ctx := browser(t)
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	openPage(t, ctx, base+"#"+badHash())
	if got := settingsOf(t, ctx); !reflect.DeepEqual(got, defaultSettings) {
		t.Errorf("settings = %+v after a bad hash, want the defaults %+v", got, defaultSettings)
	}
	time.Sleep(time.Second)
	screenshot(t, ctx, "bad-hash")
	three := digitPicture(t, test, firstOf(test, 3))
	if msg := callFile(t, ctx, "loadImage", three, "three.png"); msg != "" {
		t.Fatalf("loadImage(a PNG of a 3) = %q, want \"\"", msg)
	}
	waitPicture(t, ctx, "loadImage after a bad hash", classify(t, classifier, assets.DefaultModelBytes(), three))
}

// badHash holds a bad value for every setting and an unknown key.
func badHash() string {
	return "hidden=0&lr=abc&batch=-1&seed=" + strings.Repeat("9", 10000) + "&foo=1"
}

// TestE2EKeepPortrait is the notices on a phone held upright (412×915
// CSS pixels): the bad hash's, an import's and a refused file's.
func TestE2EKeepPortrait(t *testing.T) {
	need(t)
	dir := root(t)
	train := command(t, "train")
	trained := trainModel(t, train, smallTrainArgs...)
	base := serve(t, filepath.Join(dir, "web"))
	ctx := browser(t)
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(412, 915, chromedp.EmulatePortrait)); err != nil {
		t.Fatal(err)
	}
	shot := screenshotter(t, ctx, "keep-portrait")
	openPage(t, ctx, base+"#"+badHash())
	time.Sleep(time.Second)
	shot("bad-hash")
	if msg := callFile(t, ctx, "importModel", trained, "trained.model"); msg != "" {
		t.Fatalf("importModel = %q", msg)
	}
	waitModel(t, ctx, "importModel in portrait", trained)
	time.Sleep(time.Second)
	shot("imported")
	if msg := callFile(t, ctx, "importModel", trained[:100], "cut.model"); msg == "" {
		t.Errorf("importModel(a truncated file) = \"\"")
	}
	time.Sleep(time.Second)
	shot("refused")
}

// TestE2EKeepFile opens the page from disk (file://): a model file goes in
// and out unchanged, and the page keeps it across a reload where the
// browser gives file:// pages local storage.
func TestE2EKeepFile(t *testing.T) {
	need(t)
	dir := root(t)
	page := filepath.Join(dir, "web", "index.html")
	if _, err := os.Stat(page); err != nil {
		t.Fatalf("%s is missing: run make wasm first", page)
	}
	trained := trainModel(t, command(t, "train"), smallTrainArgs...)
	ctx := browser(t)
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	openPage(t, ctx, "file://"+page)
	if msg := callFile(t, ctx, "importModel", trained, "trained.model"); msg != "" {
		t.Fatalf("importModel = %q", msg)
	}
	waitModel(t, ctx, "importModel from file://", trained)
	// Whether the browser gives this page local storage, asked without
	// the app.
	storage, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { try { localStorage.setItem("digits.e2e", "1"); localStorage.removeItem("digits.e2e"); return true; } catch (e) { return false; } })()`))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("file:// page: the browser gives it local storage: %v", storage)
	reloadPage(t, ctx)
	got := exportModel(t, ctx)
	if storage {
		sameBytes(t, "file://: exportModel() after a reload", got, trained)
	} else if bytes.Equal(got, trained) {
		t.Errorf("file://: no local storage, yet the network came back")
	}
	screenshot(t, ctx, "keep-file-reloaded")
}

// TestE2EKeepNoStorage is a browser that refuses the page its local
// storage (reading window.localStorage throws, as some file:// settings
// do): the page says it cannot keep what is trained, and everything else
// works, an import and its export included.
func TestE2EKeepNoStorage(t *testing.T) {
	need(t)
	dir := root(t)
	trained := trainModel(t, command(t, "train"), smallTrainArgs...)
	base := serve(t, filepath.Join(dir, "web"))
	ctx := browser(t)
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	refuse := `Object.defineProperty(window, "localStorage", {get() { throw new DOMException("access denied", "SecurityError") }})`
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: refuse}); err != nil {
		t.Fatal(err)
	}
	openPage(t, ctx, base)
	notice, err := chromedp.Run(ctx, chromedp.Evaluate[string](`window.digits.notice`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(notice, "cannot keep what you train") || !strings.Contains(notice, "access denied") {
		t.Errorf("notice = %q, want it to say the page cannot keep what is trained, and why", notice)
	}
	if msg := callFile(t, ctx, "importModel", trained, "trained.model"); msg != "" {
		t.Fatalf("importModel without storage = %q, want \"\"", msg)
	}
	waitModel(t, ctx, "import without storage", trained)
	if notice, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`window.digits.notice`)); !strings.Contains(notice, "Imported trained.model") || !strings.Contains(notice, "cannot be kept") {
		t.Errorf("notice after the import = %q, want the import and that it cannot be kept", notice)
	}
	screenshot(t, ctx, "keep-no-storage")
}
