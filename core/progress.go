package core

// Seen is how many images of the current epoch the trainer has already
// stepped on (whole batches only; 0 right after an epoch ends). The app
// uses Epoch()·m + Seen() to plot curves and images per second between
// epochs, which for full batch or a slow page may be a minute apart.
func (t *Trainer) Seen() int { return t.pos }
