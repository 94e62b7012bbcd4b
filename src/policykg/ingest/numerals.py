"""Chinese numerals as used in legal texts (第一百零二条, 第二十三次会议, 二〇二三年) to and from integers.

Legal drafting writes article numbers in full (一百一十, not 百一十) with 零 for a skipped place (一百零二);
a leading 十 stands for 一十 (十二 = 12). Years are often written digit by digit (二〇二三).
"""

from __future__ import annotations

DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0,
    "一": 1, "壹": 1,
    "二": 2, "两": 2, "贰": 2,
    "三": 3, "叁": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}
# Units below 万 scale one digit; 万 and 亿 scale the whole group before them.
SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
LARGE_UNITS: dict[str, int] = {"万": 10_000, "亿": 100_000_000}

NUMERAL_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(LARGE_UNITS)


def chinese_to_int(text: str) -> int:
    """The integer a Chinese numeral writes; ValueError if it is not a well-formed numeral.

    Arabic and full-width digits are accepted as they are.

    >>> chinese_to_int("十")
    10
    >>> chinese_to_int("十二")
    12
    >>> chinese_to_int("二十")
    20
    >>> chinese_to_int("九十九")
    99
    >>> chinese_to_int("一百")
    100
    >>> chinese_to_int("一百零二")
    102
    >>> chinese_to_int("一百一十")
    110
    >>> chinese_to_int("一百二十")
    120
    >>> chinese_to_int("两")
    2
    >>> chinese_to_int("两千零五")
    2005
    >>> chinese_to_int("一万零一")
    10001
    >>> chinese_to_int("二〇二三")
    2023
    >>> chinese_to_int("１０２")
    102
    >>> chinese_to_int("百十")
    Traceback (most recent call last):
    ...
    ValueError: not a Chinese numeral: '百十'
    """
    s = text.strip()
    if not s:
        raise ValueError("not a Chinese numeral: ''")
    if s.isdigit():  # Arabic or full-width digits
        return int(s)
    try:
        if all(ch in DIGITS for ch in s):
            return _positional(s)
        return _with_units(s)
    except ValueError:
        raise ValueError(f"not a Chinese numeral: {text!r}") from None


def _positional(s: str) -> int:
    """Digit-by-digit form (二〇二三); a single digit is just itself."""
    if len(s) > 1 and any(ch == "两" for ch in s):
        raise ValueError(s)  # 两 is a quantity word, never a place digit
    value = 0
    for ch in s:
        value = value * 10 + DIGITS[ch]
    return value


def _with_units(s: str) -> int:
    total = 0  # completed 万/亿 groups
    group = 0  # value inside the current group (below 万)
    digit: int | None = None  # pending digit not yet multiplied by a unit
    last_small = 10_000  # units inside a group must strictly decrease (一千一百, not 一百一千)
    last_large = 10**12
    zero_seen = False
    for ch in s:
        if ch in DIGITS:
            d = DIGITS[ch]
            if d == 0:
                if digit is not None:
                    raise ValueError(s)
                zero_seen = True
                continue
            if digit is not None:
                raise ValueError(s)  # two digits in a row (一二) outside positional form
            digit = d
        elif ch in SMALL_UNITS:
            unit = SMALL_UNITS[ch]
            if unit >= last_small:
                raise ValueError(s)
            if digit is None:
                # Only a leading 十 may stand alone (十二 = 12, but 一百十 is not legal style).
                if unit != 10 or group or total or zero_seen:
                    raise ValueError(s)
                digit = 1
            group += digit * unit
            digit = None
            last_small = unit
            zero_seen = False
        elif ch in LARGE_UNITS:
            unit = LARGE_UNITS[ch]
            if unit >= last_large:
                raise ValueError(s)
            group += digit or 0
            if group == 0:
                raise ValueError(s)
            total = (total + group) * unit if unit > 10_000 else total + group * unit
            group, digit, last_small, last_large, zero_seen = 0, None, 10_000, unit, False
        else:
            raise ValueError(s)
    if zero_seen and digit is None:
        raise ValueError(s)  # trailing 零 (一百零)
    return total + group + (digit or 0)


def int_to_chinese(n: int) -> str:
    """The legal-style Chinese numeral for 1 ≤ *n* < 100000000 (as in article numbers).

    >>> int_to_chinese(10), int_to_chinese(12), int_to_chinese(20)
    ('十', '十二', '二十')
    >>> int_to_chinese(102), int_to_chinese(110), int_to_chinese(120)
    ('一百零二', '一百一十', '一百二十')
    >>> int_to_chinese(1005), int_to_chinese(10010)
    ('一千零五', '一万零一十')
    """
    if not 0 < n < 100_000_000:
        raise ValueError(f"out of range for article numbering: {n}")
    high, low = divmod(n, 10_000)
    if high:
        head = _below_10000(high, leading=True) + "万"
        if not low:
            return head
        return head + ("零" if low < 1000 else "") + _below_10000(low, leading=False)
    return _below_10000(low, leading=True)


def _below_10000(n: int, *, leading: bool) -> str:
    digits = "零一二三四五六七八九"
    out: list[str] = []
    pending_zero = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, unit)
        if d == 0:
            if out:
                pending_zero = True
            continue
        if pending_zero:
            out.append("零")
            pending_zero = False
        if unit == 10 and d == 1 and not out and leading:
            out.append("十")  # 十二, not 一十二, at the start of a number
        else:
            out.append(digits[d] + name)
    return "".join(out)


__all__ = ["chinese_to_int", "int_to_chinese", "NUMERAL_CHARS"]
