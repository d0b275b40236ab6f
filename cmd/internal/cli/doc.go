// Package cli is the one command-line convention of the project's
// commands. Each command under cmd/ has
//
//	func run(args []string, stdout, stderr io.Writer) int
//
// which builds a Command, registers its flags on it, parses, does its work
// and returns Command.Exit's status; main is only
// os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)), so tests run the whole
// command in-process.
//
// The convention:
//
//   - Flag names are spelled with underscores, as the numpy scripts this
//     project grew from spell them (--n_hidden, --learning_rate,
//     --batch_size, --no_numpy). Older dashed spellings stay as aliases
//     (Command.Alias), listed beside the flag in the usage text.
//   - One dash or two, and --name=value or --name value, as Go's flag
//     package accepts them.
//   - A list flag (IntList, StringList) takes "--n_hidden 300 100", as
//     Python's argparse does with nargs="+", or "--n_hidden=300,100".
//   - MNIST comes from LoadMNIST or LoadSet: the embedded set, or the
//     folder given with --data DIR.
//   - A bad command line gets one line naming the problem, then the usage,
//     and exit status 2; --help prints the usage and exits 0; any other
//     failure is one line and exit status 1.
//
// It also holds what the trainers share: their flags (TrainFlags), the
// training loop with its progress, plot and confusion matrix, and model
// saving.
package cli
