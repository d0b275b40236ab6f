package main

import (
	"strings"
	"testing"
)

func TestLastAccuracy(t *testing.T) {
	acc, err := lastAccuracy(strings.NewReader("Training ...\nTrain accuracy: 95.00%\nTest accuracy: 94.72%\n"))
	if err != nil || acc != 94.72 {
		t.Errorf("got %v, %v; want 94.72", acc, err)
	}
	if _, err := lastAccuracy(strings.NewReader("Test accuracy: 94.72%\nsomething else\n")); err == nil {
		t.Error("a run whose last line is not the accuracy was accepted")
	}
}
