//! Timestamps without a date library: the few formats Lambda logs use, to and from epoch millis.

/// A timestamp found at the start of a text, and how many bytes it spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimestampPrefix {
    /// Epoch milliseconds; `None` for a bare time of day (a console column) that has no date.
    pub epoch_ms: Option<i64>,
    pub len: usize,
}

/// Parse a timestamp at the start of `s`:
/// `2024-01-02T03:04:05.678Z`, `2024-01-02 03:04:05,678+0000`, `2024/01/02 03:04:05`,
/// `02 Jan 2024 03:04:05,678`, or a bare `03:04:05`.
pub fn parse_timestamp_prefix(s: &str) -> Option<TimestampPrefix> {
    let b = s.as_bytes();
    if let Some(date) = parse_date(b) {
        let mut i = 10;
        let mut ms = date * 86_400_000;
        if i < b.len() && (b[i] == b'T' || b[i] == b' ') {
            if let Some((time_ms, len)) = parse_time(&b[i + 1..]) {
                i += 1 + len;
                ms += time_ms;
                if let Some((offset_ms, len)) = parse_offset(&b[i..]) {
                    i += len;
                    ms -= offset_ms;
                }
            }
        }
        return Some(TimestampPrefix {
            epoch_ms: Some(ms),
            len: i,
        });
    }
    if let Some(date) = parse_day_month_year(b) {
        // Always followed by the time of day here; a date alone is prose.
        if let Some((time_ms, len)) = b.get(12..).and_then(parse_time) {
            if b[11] == b' ' {
                return Some(TimestampPrefix {
                    epoch_ms: Some(date * 86_400_000 + time_ms),
                    len: 12 + len,
                });
            }
        }
    }
    parse_time(b).map(|(_, len)| TimestampPrefix {
        epoch_ms: None,
        len,
    })
}

/// Days since the epoch for `02 Jan 2006`: the layout of the Lambda runtime interface
/// emulator's log lines (`05 May 2023 10:05:24,350 [ERROR] (rapid) …`, Go's reference-time
/// notation `02 Jan 2006 15:04:05,000` in its logrus formatter), which `sam local` and
/// container-image functions run under.
pub(crate) fn parse_day_month_year(b: &[u8]) -> Option<i64> {
    const MONTHS: [&[u8; 3]; 12] = [
        b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov",
        b"Dec",
    ];
    if b.len() < 11 || b[2] != b' ' || b[6] != b' ' {
        return None;
    }
    let day = digits(&b[0..2])?;
    let month = MONTHS.iter().position(|m| &b[3..6] == m.as_slice())? as i64 + 1;
    let year = digits(&b[7..11])?;
    if !(1..=31).contains(&day) {
        return None;
    }
    Some(days_from_civil(year, month, day))
}

/// Days since the epoch for `YYYY-MM-DD` or `YYYY/MM/DD`.
fn parse_date(b: &[u8]) -> Option<i64> {
    if b.len() < 10 || !(b[4] == b'-' || b[4] == b'/') || b[7] != b[4] {
        return None;
    }
    let year = digits(&b[0..4])?;
    let month = digits(&b[5..7])?;
    let day = digits(&b[8..10])?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    Some(days_from_civil(year, month, day))
}

/// `HH:MM:SS` with optional `.fff`/`,fff` fraction; returns (millis of day, bytes).
fn parse_time(b: &[u8]) -> Option<(i64, usize)> {
    if b.len() < 8 || b[2] != b':' || b[5] != b':' {
        return None;
    }
    let (h, m, s) = (digits(&b[0..2])?, digits(&b[3..5])?, digits(&b[6..8])?);
    if h > 23 || m > 59 || s > 60 {
        return None;
    }
    let mut i = 8;
    let mut millis = 0;
    if i < b.len() && (b[i] == b'.' || b[i] == b',') && b.get(i + 1).is_some_and(u8::is_ascii_digit)
    {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let frac = &b[start..i.min(start + 3)];
        millis = digits(frac)? * 10_i64.pow(3 - frac.len() as u32);
    }
    Some((((h * 60 + m) * 60 + s) * 1000 + millis, i))
}

/// `Z`, `+HH:MM`, `+HHMM`; returns (offset millis, bytes).
fn parse_offset(b: &[u8]) -> Option<(i64, usize)> {
    match b.first()? {
        b'Z' => Some((0, 1)),
        sign @ (b'+' | b'-') => {
            let h = digits(b.get(1..3)?)?;
            let (m, len) = if b.get(3) == Some(&b':') {
                (digits(b.get(4..6)?)?, 6)
            } else {
                (digits(b.get(3..5)?)?, 5)
            };
            let offset = (h * 60 + m) * 60_000;
            Some((if *sign == b'+' { offset } else { -offset }, len))
        }
        _ => None,
    }
}

fn digits(b: &[u8]) -> Option<i64> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |acc, d| acc * 10 + i64::from(d - b'0')))
}

/// Howard Hinnant's days_from_civil: proleptic Gregorian date to days since 1970-01-01.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// RFC 3339 in UTC with milliseconds, e.g. `2024-01-02T03:04:05.678Z`.
pub fn format_rfc3339_ms(epoch_ms: i64) -> String {
    let days = epoch_ms.div_euclid(86_400_000);
    let ms_of_day = epoch_ms.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    let (h, min, s, ms) = (
        ms_of_day / 3_600_000,
        ms_of_day / 60_000 % 60,
        ms_of_day / 1000 % 60,
        ms_of_day % 1000,
    );
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}.{ms:03}Z")
}

/// Parse a whole RFC 3339-ish timestamp (the same formats as [`parse_timestamp_prefix`]).
pub fn parse_timestamp(s: &str) -> Option<i64> {
    let s = s.trim();
    let p = parse_timestamp_prefix(s)?;
    (p.len == s.len()).then_some(p.epoch_ms).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_lambda_timestamp_formats() {
        let iso = parse_timestamp_prefix("2020-11-10T05:46:57.874Z 1607 Task").unwrap();
        assert_eq!(iso.epoch_ms, Some(1_604_987_217_874));
        assert_eq!(iso.len, 24);
        let powertools = parse_timestamp_prefix("2021-05-03 11:47:12,494+0000").unwrap();
        assert_eq!(powertools.epoch_ms, Some(1_620_042_432_494));
        let go = parse_timestamp_prefix("2020/03/27 03:40:05 EVENT").unwrap();
        assert_eq!(go.epoch_ms, Some(1_585_280_405_000));
        assert_eq!(go.len, 19);
        let offset = parse_timestamp_prefix("2021-12-07T20:13:23.119+01:00").unwrap();
        assert_eq!(offset.epoch_ms, Some(1_638_908_003_119 - 3_600_000));
        let console = parse_timestamp_prefix("00:31:41").unwrap();
        assert_eq!(
            console,
            TimestampPrefix {
                epoch_ms: None,
                len: 8
            }
        );
        let emulator = parse_timestamp_prefix("05 May 2023 10:05:24,350 [ERROR] (rapid)").unwrap();
        assert_eq!(emulator.epoch_ms, Some(1_683_281_124_350));
        assert_eq!(emulator.len, 24);
        assert!(parse_timestamp_prefix("05 May 2023 was the release").is_none());
        assert!(parse_timestamp_prefix("05 Mai 2023 10:05:24").is_none());
        assert!(parse_timestamp_prefix("2020-13-01").is_none());
        assert!(parse_timestamp_prefix("12345").is_none());
        assert!(parse_timestamp_prefix("").is_none());
    }

    #[test]
    fn formats_and_round_trips() {
        for ms in [0, 1_604_987_217_874, 951_782_400_000, -86_400_000] {
            let text = format_rfc3339_ms(ms);
            assert_eq!(parse_timestamp(&text), Some(ms), "{text}");
        }
        assert_eq!(
            format_rfc3339_ms(1_604_987_217_874),
            "2020-11-10T05:46:57.874Z"
        );
    }
}
