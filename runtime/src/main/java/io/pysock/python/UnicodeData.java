package io.pysock.python;

import org.graalvm.polyglot.HostAccess;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.text.FilteredNormalizer2;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.UnicodeSet;
import com.ibm.icu.util.VersionInfo;

/**
 * The Unicode data GraalPy 25.0 serves only from its C extension {@code _cpython_unicodedata}
 * (which pysock's sandbox never loads), read from ICU4J instead: the current version's
 * {@code lookup}, {@code east_asian_width}, {@code combining}, and the Unicode 3.2 view
 * {@code unicodedata.ucd_3_2_0} that {@code stringprep} and the {@code idna} codec (so every
 * library that resolves host names through it) need. {@code pylib/pysock/_cpython_unicodedata.py}
 * is the Python module on top; it checks arguments as CPython does.
 *
 * <p>Unicode 3.2 here is ICU's own definition (the one its StringPrep and IDNA2003 use): a code
 * point is assigned in 3.2 when its Unicode age is at most 3.2, and it then has today's
 * properties. CPython's table also carries the few property values that changed since 3.2 and
 * six normalization corrections; ICU leaves those out, and so does this.
 */
public final class UnicodeData {
    public static final UnicodeData INSTANCE = new UnicodeData();

    private static final VersionInfo V3_2 = VersionInfo.getInstance(3, 2);
    private static final UnicodeSet IN_3_2 = new UnicodeSet("[:age=3.2:]").freeze();

    private UnicodeData() {
    }

    /** The Unicode version of the current data (ICU's), e.g. "16.0.0". */
    @HostAccess.Export
    public String version() {
        VersionInfo v = UCharacter.getUnicodeVersion();
        return v.getMajor() + "." + v.getMinor() + "." + v.getMilli();
    }

    /** True if the code point was assigned in Unicode 3.2. */
    @HostAccess.Export
    public boolean assignedIn32(int cp) {
        VersionInfo age = UCharacter.getAge(cp);
        return age.getMajor() > 0 && age.compareTo(V3_2) <= 0;
    }

    /** The two-letter general category ("Lu", "Cn", ...). */
    @HostAccess.Export
    public String category(int cp) {
        return shortName(UProperty.GENERAL_CATEGORY, UCharacter.getType(cp));
    }

    /** The bidirectional class ("L", "AL", ...). */
    @HostAccess.Export
    public String bidirectional(int cp) {
        return shortName(UProperty.BIDI_CLASS, UCharacter.getDirection(cp));
    }

    @HostAccess.Export
    public int combining(int cp) {
        return UCharacter.getCombiningClass(cp);
    }

    @HostAccess.Export
    public boolean mirrored(int cp) {
        return UCharacter.isMirrored(cp);
    }

    /** "F", "H", "W", "Na", "A" or "N", the names CPython returns. */
    @HostAccess.Export
    public String eastAsianWidth(int cp) {
        return shortName(UProperty.EAST_ASIAN_WIDTH, UCharacter.getIntPropertyValue(cp, UProperty.EAST_ASIAN_WIDTH));
    }

    /** The character's name, or null when it has none (controls, unassigned). */
    @HostAccess.Export
    public String name(int cp) {
        String n = UCharacter.getName(cp);
        return n == null || n.isEmpty() ? null : n;
    }

    /** The code point with this name or name alias, or -1. */
    @HostAccess.Export
    public int lookup(String name) {
        int cp = UCharacter.getCharFromName(name);
        return cp >= 0 ? cp : UCharacter.getCharFromNameAlias(name);
    }

    /** 0 none, 1 numeric only, 2 digit, 3 decimal (ICU's Numeric_Type). */
    @HostAccess.Export
    public int numericType(int cp) {
        return switch (UCharacter.getIntPropertyValue(cp, UProperty.NUMERIC_TYPE)) {
            case UCharacter.NumericType.DECIMAL -> 3;
            case UCharacter.NumericType.DIGIT -> 2;
            case UCharacter.NumericType.NUMERIC -> 1;
            default -> 0;
        };
    }

    @HostAccess.Export
    public double numericValue(int cp) {
        return UCharacter.getUnicodeNumericValue(cp);
    }

    /**
     * The decomposition as UnicodeData.txt writes it ("&lt;compat&gt; 0020 0308", "0041 0300"), or
     * "" for none. Hangul syllables decompose by algorithm and have no entry, as in CPython.
     */
    @HostAccess.Export
    public String decomposition(int cp) {
        if (cp >= 0xAC00 && cp <= 0xD7A3) {
            return "";
        }
        String raw = Normalizer2.getNFKDInstance().getRawDecomposition(cp);
        if (raw == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        int type = UCharacter.getIntPropertyValue(cp, UProperty.DECOMPOSITION_TYPE);
        if (type != UCharacter.DecompositionType.CANONICAL) {
            String tag = UCharacter.getPropertyValueName(UProperty.DECOMPOSITION_TYPE, type, UProperty.NameChoice.LONG);
            b.append('<').append("Nobreak".equals(tag) ? "noBreak" : tag.toLowerCase(java.util.Locale.ROOT)).append('>');
        }
        raw.codePoints().forEach(c -> {
            if (!b.isEmpty()) {
                b.append(' ');
            }
            b.append(String.format(java.util.Locale.ROOT, "%04X", c));
        });
        return b.toString();
    }

    /** {@code unicodedata.normalize} with form NFC, NFD, NFKC or NFKD; {@code v32}: Unicode 3.2's. */
    @HostAccess.Export
    public String normalize(String form, String text, boolean v32) {
        return normalizer(form, v32).normalize(text);
    }

    @HostAccess.Export
    public boolean isNormalized(String form, String text, boolean v32) {
        return normalizer(form, v32).isNormalized(text);
    }

    private static Normalizer2 normalizer(String form, boolean v32) {
        Normalizer2 n = switch (form) {
            case "NFC" -> Normalizer2.getNFCInstance();
            case "NFD" -> Normalizer2.getNFDInstance();
            case "NFKC" -> Normalizer2.getNFKCInstance();
            case "NFKD" -> Normalizer2.getNFKDInstance();
            default -> throw new IllegalArgumentException("invalid normalization form");
        };
        // Characters unassigned in 3.2 pass through untouched: ICU's Unicode 3.2 normalization.
        return v32 ? new FilteredNormalizer2(n, IN_3_2) : n;
    }

    private static String shortName(int property, int value) {
        String n = UCharacter.getPropertyValueName(property, value, UProperty.NameChoice.SHORT);
        return n == null ? "" : n;
    }
}
