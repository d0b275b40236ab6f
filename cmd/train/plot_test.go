package main

import (
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"digits/cmd/internal/cli"
	"digits/cmd/internal/clitest"
	"digits/cmd/internal/mnisttest"
)

// --plot writes a PNG of the promised size, and says so.
func TestTrainPlot(t *testing.T) {
	dir := mnisttest.Dir(t, 2000)
	file := filepath.Join(t.TempDir(), "curves.png")
	r := clitest.Exec(run, "--n_hidden", "16", "--epochs", "3", "--batch_size", "32", "--data", dir, "--plot", file)
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	if !strings.Contains(r.Stdout, "Plot saved to "+file+"\n") {
		t.Errorf("stdout does not say where the plot went:\n%s", r.Stdout)
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s is not a PNG: %v", file, err)
	}
	if s := img.Bounds().Size(); s.X != cli.PlotWidth || s.Y != cli.PlotHeight {
		t.Errorf("plot is %v, want %d×%d", s, cli.PlotWidth, cli.PlotHeight)
	}
}

// A --plot that cannot be written is refused before training starts.
func TestTrainPlotUnwritable(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ path, want string }{
		{filepath.Join(dir, "no", "such", "folder", "p.png"), ": cannot write there: no such file or directory"},
		{dir, ": the file name must end in .png"},
		{filepath.Join(dir, "p.svg"), ": the file name must end in .png"},
	} {
		clitest.BadUsage(t, "train", run, []string{"--plot", c.path}, "--plot "+c.path+c.want)
	}
	os.Mkdir(filepath.Join(dir, "taken.png"), 0o755) // a folder where the file would go
	clitest.BadUsage(t, "train", run, []string{"--plot", filepath.Join(dir, "taken.png")}, "cannot write there: is a directory")
}

var (
	matrixRow = regexp.MustCompile(`(?m)^ +([0-9]) +((?:[0-9]+ +){10})([0-9.]+)%$`)
	precRow   = regexp.MustCompile(`(?m)^ +precision((?: +[0-9.]+%){10})$`)
	testLine  = regexp.MustCompile(`(?m)^Test accuracy: ([0-9.]+)%$`)
)

// --confusion prints a 10×10 matrix whose diagonal is the test accuracy
// printed last, with each digit's recall and precision computed from its
// rows and columns.
func TestTrainConfusion(t *testing.T) {
	dir := mnisttest.Dir(t, 4000)
	r := clitest.Exec(run, "--n_hidden", "32", "--epochs", "2", "--batch_size", "32", "--lr", "0.1", "--data", dir, "--confusion")
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	if !strings.Contains(r.Stdout, "Confusion matrix of the 1000 test images (rows: true digit, columns: the network's guess):\n") {
		t.Fatalf("no confusion matrix heading:\n%s", r.Stdout)
	}
	rows := matrixRow.FindAllStringSubmatch(r.Stdout, -1)
	prec := precRow.FindStringSubmatch(r.Stdout)
	acc := testLine.FindStringSubmatch(r.Stdout)
	if len(rows) != 10 || prec == nil || acc == nil {
		t.Fatalf("want 10 rows, a precision row and the accuracy line:\n%s", r.Stdout)
	}
	var m [10][10]int
	var cols [10]int
	total, diag := 0, 0
	for y, row := range rows {
		if row[1] != strconv.Itoa(y) {
			t.Fatalf("row %d is labelled %s", y, row[1])
		}
		sum := 0
		for g, f := range strings.Fields(row[2]) {
			m[y][g], _ = strconv.Atoi(f)
			sum += m[y][g]
			cols[g] += m[y][g]
		}
		total, diag = total+sum, diag+m[y][y]
		if want := strconv.FormatFloat(100*float64(m[y][y])/float64(sum), 'f', 2, 64); row[3] != want {
			t.Errorf("digit %d: recall %s%%, its row gives %s%%", y, row[3], want)
		}
	}
	for g, p := range strings.Fields(prec[1]) {
		if want := strconv.FormatFloat(100*float64(m[g][g])/float64(cols[g]), 'f', 2, 64) + "%"; p != want {
			t.Errorf("guess %d: precision %s, its column gives %s", g, p, want)
		}
	}
	if want := strconv.FormatFloat(100*float64(diag)/float64(total), 'f', 2, 64); total != 1000 || acc[1] != want {
		t.Errorf("matrix: %d images, diagonal %s%%; last line says %s%%", total, want, acc[1])
	}
	// Every line of the table is as wide as its header: the columns line up.
	lines := strings.Split(r.Stdout, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "true \\ guess") {
			for _, row := range lines[i+1 : i+11] {
				if len(row) != len(l) {
					t.Errorf("row %q is %d wide, the header %d", row, len(row), len(l))
				}
			}
		}
	}
}
