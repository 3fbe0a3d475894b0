// Package export_example_wordfreq_analyze implements the exported interface
// `example:wordfreq/analyze` (wit/wordfreq.wit). wit-bindgen's generated wit_exports.go calls
// these functions; the types come from the generated package example_wordfreq_analyze.
package export_example_wordfreq_analyze

import (
	"sort"
	"strings"
	"unicode"

	. "wit_component/example_wordfreq_analyze"

	witTypes "go.bytecodealliance.org/pkg/wit/types"
)

const maxBytes = 100_000

func words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
}

func counted(text string) []WordCount {
	counts := map[string]uint32{}
	for _, w := range words(text) {
		counts[w]++
	}
	list := make([]WordCount, 0, len(counts))
	for w, c := range counts {
		list = append(list, WordCount{Word: w, Count: c})
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].Count != list[j].Count {
			return list[i].Count > list[j].Count
		}
		return list[i].Word < list[j].Word
	})
	return list
}

// TopWords is `top-words`: the n most frequent words.
func TopWords(text string, n uint32) []WordCount {
	list := counted(text)
	if uint32(len(list)) > n {
		list = list[:n]
	}
	return list
}

// Stats is `stats`: counts, the longest word and the top three.
func Stats(text string) witTypes.Result[TextStats, AnalyzeError] {
	if len(text) > maxBytes {
		return witTypes.Err[TextStats](MakeAnalyzeErrorTooLong(uint32(len(text))))
	}
	all := words(text)
	if len(all) == 0 {
		return witTypes.Err[TextStats](MakeAnalyzeErrorEmpty())
	}
	longest := ""
	for _, w := range all {
		if len([]rune(w)) > len([]rune(longest)) {
			longest = w
		}
	}
	list := counted(text)
	top := list
	if len(top) > 3 {
		top = top[:3]
	}
	return witTypes.Ok[TextStats, AnalyzeError](TextStats{
		Words:    uint32(len(all)),
		Distinct: uint32(len(list)),
		Longest:  witTypes.Some(longest),
		Top:      top,
	})
}
