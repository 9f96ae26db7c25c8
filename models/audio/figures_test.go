package audio_test

import (
	"fmt"
	"testing"
	"time"

	"paidee/models/audio"
	"paidee/models/audio/audiotest"
)

// BenchmarkOpusSpeechBytesPerMinute prints what a minute of recorded speech
// costs in Opus at the bitrates that matter here (the console records at
// 32 kbit/s): go test ./models/audio -run - -bench BytesPerMinute -benchtime 1x
func BenchmarkOpusSpeechBytesPerMinute(b *testing.B) {
	for _, kbps := range []int{16, 24, 32, 48} {
		b.Run(fmt.Sprintf("%dkbps", kbps), func(b *testing.B) {
			clip := audiotest.Make(b, audiotest.OggOpus, 60, kbps)
			var info audio.Info
			var err error
			b.ResetTimer() // what is timed is reading the duration; the figure is the size
			for i := 0; i < b.N; i++ {
				if info, err = audio.Sniff(clip); err != nil {
					b.Fatal(err)
				}
			}
			perMin := float64(len(clip)) / (float64(info.Duration) / float64(time.Minute))
			b.ReportMetric(perMin/1024, "KB/min")
			b.ReportMetric(float64(models1MB)/perMin, "min/MB")
		})
	}
}

const models1MB = 1 << 20
