// AmountInWords — the "bằng chữ" line of a voucher, settlement or estimate: an amount of đồng read out in words.
//
// Vietnamese conventions (accounting practice, domain brief §6):
//   • units after a tens digit: 1 → "mốt" only after tens ≥ 2 (21 "hai mươi mốt", 11 "mười một");
//     4 → "tư" only after tens ≥ 2 (24 "hai mươi tư", 14 "mười bốn");
//     5 → "lăm" after any tens digit ≥ 1 (15 "mười lăm", 25 "hai mươi lăm"); otherwise "năm".
//   • tens digit 0 with a unit after a hundreds position → "linh" (105 "một trăm linh năm", 104 "một trăm linh bốn").
//   • groups of three digits: nghìn (10³), triệu (10⁶), tỷ (10⁹); above that the number of tỷ is read
//     recursively (1.001.000.000.000 "một nghìn không trăm linh một tỷ").
//   • the leading group is read as it stands (5.000 "năm nghìn"); every later non-zero group is read with all
//     three digits (1.005.000 "một triệu không trăm linh năm nghìn"); zero groups are skipped with their unit word.
//   • spellings "tỷ" and "nghìn"; precomposed (NFC) characters throughout.
//
// Pure functions over Int64; nothing here can trap (Int64.min and anything beyond `maximum` give nil).

public enum AmountInWords {
    /// The largest amount that can be read: 999.999.999.999.999 đồng.
    public static let maximum: Int64 = 999_999_999_999_999

    /// Vietnamese reading (bằng chữ) of a whole number of đồng, capitalised, ending in "đồng".
    /// Negative amounts are read with "Âm " in front. Returns nil when |dong| > maximum.
    public static func vietnamese(_ dong: Int64) -> String? {
        guard let words = vietnameseNumber(dong) else { return nil }
        return capitalisingFirstLetter(words) + " đồng"
    }

    /// Vietnamese reading of the bare number, lower case, no unit: 21 -> "hai mươi mốt"; 0 -> "không".
    /// Negative numbers are read with "âm " in front. Returns nil when |n| > maximum.
    public static func vietnameseNumber(_ n: Int64) -> String? {
        guard let magnitude = readableMagnitude(n) else { return nil }
        let words = magnitude == 0 ? "không" : Vietnamese.read(magnitude, leading: true).joined(separator: " ")
        return n < 0 ? "âm " + words : words
    }

    /// English reading: "One million five thousand dong"; negative: "Minus ...". nil when |dong| > maximum.
    public static func english(_ dong: Int64) -> String? {
        guard let magnitude = readableMagnitude(dong) else { return nil }
        let words = magnitude == 0 ? "zero" : English.read(magnitude).joined(separator: " ")
        return capitalisingFirstLetter(dong < 0 ? "minus " + words : words) + " dong"
    }

    // MARK: - Shared

    /// |n| when it is at most `maximum`; nil otherwise (including Int64.min, whose magnitude has no Int64).
    private static func readableMagnitude(_ n: Int64) -> UInt64? {
        let magnitude = n.magnitude
        return magnitude <= UInt64(maximum) ? magnitude : nil
    }

    /// Upper-cases the first character (Unicode-aware: "âm" → "Âm"), leaving the rest untouched.
    private static func capitalisingFirstLetter(_ s: String) -> String {
        guard let first = s.first else { return s }
        return first.uppercased() + s.dropFirst()
    }

    // MARK: - Vietnamese

    private enum Vietnamese {
        static let digits = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
        /// Unit words of the groups below one tỷ, most significant first.
        static let groupUnits: [(divisor: UInt64, word: String?)] = [
            (1_000_000, "triệu"),
            (1_000, "nghìn"),
            (1, nil),
        ]
        static let oneTy: UInt64 = 1_000_000_000

        /// Words for 0 < n ≤ maximum. `leading` is true when nothing has been said before this number.
        static func read(_ n: UInt64, leading: Bool) -> [String] {
            var words: [String] = []
            var isLeading = leading
            let tyCount = n / oneTy
            if tyCount > 0 {
                words += read(tyCount, leading: isLeading)
                words.append("tỷ")
                isLeading = false
            }
            var rest = n % oneTy
            for (divisor, unit) in groupUnits {
                let group = Int(rest / divisor)
                rest %= divisor
                guard group > 0 else { continue }   // a zero group is skipped, unit word and all
                words += readGroup(group, leading: isLeading)
                if let unit { words.append(unit) }
                isLeading = false
            }
            return words
        }

        /// Words for a group 1...999. A non-leading group is always read with its hundreds ("không trăm").
        static func readGroup(_ group: Int, leading: Bool) -> [String] {
            let hundreds = group / 100, tens = (group / 10) % 10, units = group % 10
            var words: [String] = []
            let saysHundreds = hundreds > 0 || !leading
            if saysHundreds {
                words += [digits[hundreds], "trăm"]
            }
            switch tens {
            case 0:
                if units > 0 {
                    if saysHundreds { words.append("linh") }
                    words.append(digits[units])
                }
            case 1:
                words.append("mười")
                if units > 0 { words.append(unitAfterTens(units, tens: tens)) }
            default:
                words += [digits[tens], "mươi"]
                if units > 0 { words.append(unitAfterTens(units, tens: tens)) }
            }
            return words
        }

        /// The unit digit (1...9) said after a tens digit (1...9).
        static func unitAfterTens(_ units: Int, tens: Int) -> String {
            switch units {
            case 1 where tens >= 2: return "mốt"
            case 4 where tens >= 2: return "tư"
            case 5: return "lăm"
            default: return digits[units]
            }
        }
    }

    // MARK: - English

    private enum English {
        static let small = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                            "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                            "seventeen", "eighteen", "nineteen"]
        static let tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
        static let scales: [(divisor: UInt64, word: String?)] = [
            (1_000_000_000_000, "trillion"),
            (1_000_000_000, "billion"),
            (1_000_000, "million"),
            (1_000, "thousand"),
            (1, nil),
        ]

        /// Words for 0 < n ≤ maximum (short scale).
        static func read(_ n: UInt64) -> [String] {
            var words: [String] = []
            var rest = n
            for (divisor, scale) in scales {
                let group = Int(rest / divisor)
                rest %= divisor
                guard group > 0 else { continue }
                words += readGroup(group)
                if let scale { words.append(scale) }
            }
            return words
        }

        /// Words for 1...999: "one hundred five", "twenty-one".
        static func readGroup(_ group: Int) -> [String] {
            var words: [String] = []
            let hundreds = group / 100, below = group % 100
            if hundreds > 0 { words += [small[hundreds], "hundred"] }
            if below >= 20 {
                words.append(below % 10 == 0 ? tens[below / 10] : tens[below / 10] + "-" + small[below % 10])
            } else if below > 0 {
                words.append(small[below])
            }
            return words
        }
    }
}
