use super::cells::{parse_feature, parse_label};
use super::*;
use ndarray::array;

fn parse<F: Float>(text: &str) -> Result<Dataset<F>> {
    CsvOptions::new().read_from(text.as_bytes(), Path::new("mem.csv"))
}

/// The (line, column) of a parse error, or a panic naming what came back instead.
fn location<T: std::fmt::Debug>(r: Result<T>) -> (Option<usize>, Option<usize>) {
    match r {
        Err(Error::Parse { line, column, .. }) => (line, column),
        other => panic!("expected a parse error, got {other:?}"),
    }
}

#[test]
fn labels_accept_integers_only() {
    assert_eq!(parse_label("1"), Some(1));
    assert_eq!(parse_label(" 2.0 "), Some(2));
    assert_eq!(parse_label("0"), Some(0));
    for bad in ["1.5", "-1", "abc", "", "nan", "inf", "1e300"] {
        assert_eq!(parse_label(bad), None, "{bad:?} accepted");
    }
}

#[test]
fn features_must_be_finite_in_the_target_type() {
    assert_eq!(parse_feature::<f64>("-2.5"), Some(-2.5));
    assert_eq!(parse_feature::<f32>(" 1e3"), Some(1000.0));
    for bad in ["nan", "NaN", "inf", "-inf", "infinity", "", "1,5", "x"] {
        assert_eq!(parse_feature::<f64>(bad), None, "{bad:?} accepted");
    }
    // Finite in f64 but overflows f32.
    assert_eq!(parse_feature::<f64>("1e300"), Some(1e300));
    assert_eq!(parse_feature::<f32>("1e300"), None);
}

#[test]
fn reads_features_labels_and_names() {
    let ds = parse::<f64>("a,b,label\n1,2,0\n3.5,-4,1.0\n").unwrap();
    assert_eq!(ds.features(), array![[1.0, 2.0], [3.5, -4.0]]);
    assert_eq!(ds.labels(), array![0, 1]);
    assert_eq!(ds.feature_names(), ["a", "b"]);
}

#[test]
fn named_label_column_may_be_anywhere() {
    let opts = CsvOptions::new().label_column("y");
    let ds: Dataset<f32> = opts
        .read_from("y,a,b\n2,1,2\n0,3,4\n".as_bytes(), Path::new("m"))
        .unwrap();
    assert_eq!(ds.features(), array![[1.0f32, 2.0], [3.0, 4.0]]);
    assert_eq!(ds.labels(), array![2, 0]);
    assert_eq!(ds.feature_names(), ["a", "b"]);
}

#[test]
fn other_delimiters() {
    let opts = CsvOptions::new().delimiter(b';');
    let ds: Dataset<f64> = opts
        .read_from("a;label\n1.5;1\n".as_bytes(), Path::new("m"))
        .unwrap();
    assert_eq!(ds.features(), array![[1.5]]);
}

#[test]
fn blank_lines_are_skipped_and_lines_still_counted() {
    let ds = parse::<f64>("a,label\n\n1,0\n\n2,1\n").unwrap();
    assert_eq!(ds.n_samples(), 2);
    assert_eq!(
        location(parse::<f64>("a,label\n\n1,0\n\nx,1\n")),
        (Some(5), Some(1))
    );
    assert_eq!(
        location(parse::<f64>("\n\na,label\n1,0\n\n\n1,x\n")),
        (Some(7), Some(2))
    );
    let crlf = "a,label\r\n\r\n1,0\r\n\r\n1,0,9\r\n";
    assert_eq!(location(parse::<f64>(crlf)), (Some(5), Some(3)));
    // A quoted field spanning two lines: the next record starts on line 4.
    assert_eq!(
        location(parse::<f64>("a,label\n\"1\n\",0\nz,1\n")),
        (Some(4), Some(1))
    );
}

#[test]
fn header_problems() {
    assert_eq!(location(parse::<f64>("")), (Some(1), None));
    assert_eq!(location(parse::<f64>("a,label\n")), (Some(2), None));
    assert_eq!(location(parse::<f64>("label\n1\n")), (Some(1), None));
    assert_eq!(
        location(parse::<f64>("a,b,a,label\n1,2,3,0\n")),
        (Some(1), Some(3))
    );
    let missing = CsvOptions::new()
        .label_column("target")
        .read_from::<f64>("a,label\n1,0\n".as_bytes(), Path::new("m"));
    assert_eq!(location(missing), (Some(1), None));
}

#[test]
fn invalid_utf8_is_a_parse_error() {
    let bytes: &[u8] = b"a,label\n\xff,0\n";
    let r = CsvOptions::new().read_from::<f64>(bytes, Path::new("m"));
    assert_eq!(location(r), (Some(2), Some(1)));
}

fn message<T: std::fmt::Debug>(r: Result<T>) -> String {
    match r {
        Err(e @ Error::Parse { .. }) => e.to_string(),
        other => panic!("expected a parse error, got {other:?}"),
    }
}

#[test]
fn a_first_row_of_numbers_is_not_taken_for_a_header() {
    let text = "1,2,0\n3,4,1\n5,6,0\n";
    let m = message(parse::<f64>(text));
    assert!(
        m.contains("mem.csv:1:") && m.contains("has_header(false)"),
        "{m}"
    );
    let ds = CsvOptions::new()
        .has_header(false)
        .read_from::<f64>(text.as_bytes(), Path::new("mem.csv"))
        .unwrap();
    assert_eq!(ds.features(), array![[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]);
    assert_eq!(ds.labels(), array![0, 1, 0]);
    assert_eq!(ds.feature_names(), ["column_1", "column_2"]);
    // Errors in a header-less file still name the file's own line.
    let bad = CsvOptions::new()
        .has_header(false)
        .read_from::<f64>(b"1,2,0\n3,x,1\n", Path::new("mem.csv"));
    assert_eq!(location(bad), (Some(2), Some(2)));
}

#[test]
fn the_label_is_the_column_named_so_else_the_last_and_errors_say_which() {
    // Label first, integer features: the column's name decides, not its place.
    let ds = parse::<f64>("Label,a,b\n1,5,6\n0,7,8\n").unwrap();
    assert_eq!(ds.labels(), array![1, 0]);
    assert_eq!(ds.feature_names(), ["a", "b"]);
    let ds = parse::<f64>("target,a\n2,0.5\n").unwrap();
    assert_eq!(ds.labels(), array![2]);
    // No such name: the last column, and a non-integer there says what was assumed.
    let m = message(parse::<f64>("a,b,c\n1,2,3.5\n"));
    assert!(
        m.contains("the last column, `c`") && m.contains("--label"),
        "{m}"
    );
    let ds = CsvOptions::new()
        .label_index(0)
        .read_from::<f64>(b"a,b,c\n1,2,3.5\n", Path::new("mem.csv"))
        .unwrap();
    assert_eq!(ds.labels(), array![1]);
    assert_eq!(ds.feature_names(), ["b", "c"]);
    let m = message(
        CsvOptions::new()
            .label_index(3)
            .read_from::<f64>(b"a,b\n1,2\n", Path::new("m")),
    );
    assert!(m.contains("index 3"), "{m}");
}

#[test]
fn labels_outside_the_accepted_classes_are_reported_at_their_line() {
    let text = "a,label\n1,0\n2,1\n\n3,2\n";
    let r = CsvOptions::new()
        .classes(2)
        .read_from::<f64>(text.as_bytes(), Path::new("mem.csv"));
    assert_eq!(location(r), (Some(5), Some(2)));
    assert!(parse::<f64>(text).is_ok());
}

fn regression<F: Float>(options: CsvOptions, text: &str) -> Result<Dataset<F, Array2<F>>> {
    options.read_regression_from(text.as_bytes(), Path::new("mem.csv"))
}

#[test]
fn regression_targets_are_real_numbers_from_one_or_several_columns() {
    let ds = regression::<f64>(CsvOptions::new(), "a,b,target\n1,2,0.5\n3,4,-7e2\n").unwrap();
    assert_eq!(ds.values(), array![[0.5], [-700.0]]);
    assert_eq!(ds.features(), array![[1.0, 2.0], [3.0, 4.0]]);
    assert_eq!(ds.feature_names(), ["a", "b"]);
    // Two targets, asked in another order than the file's; features keep file order.
    let text = "y2,a,y1,b\n10,1,20,2\n30,3,40,4\n";
    let ds = regression::<f32>(CsvOptions::new().target_columns(["y1", "y2"]), text).unwrap();
    assert_eq!(ds.values(), array![[20.0f32, 10.0], [40.0, 30.0]]);
    assert_eq!(ds.features(), array![[1.0f32, 2.0], [3.0, 4.0]]);
    assert_eq!(ds.n_outputs(), 2);
}

#[test]
fn a_bad_target_is_reported_at_its_line_and_column_with_the_reason_for_that_column() {
    let text = "a,b\n1,2\n3,x\n";
    assert_eq!(
        location(regression::<f64>(CsvOptions::new(), text)),
        (Some(3), Some(2))
    );
    let m = message(regression::<f64>(CsvOptions::new(), text));
    assert!(
        m.contains("target `x`") && m.contains("the last column, `b`"),
        "{m}"
    );
    let r = regression::<f32>(CsvOptions::new(), "a,b\n1,1e39\n");
    assert!(message(r).contains("finite f32"));
    let r = regression::<f64>(CsvOptions::new().target_columns(["a", "b"]), "a,b\n1,2\n");
    assert!(message(r).contains("no feature is left"));
    let r = regression::<f64>(
        CsvOptions::new().target_columns(["a", "z"]),
        "a,b,c\n1,2,3\n",
    );
    assert!(message(r).contains("no column named `z`"));
}

#[test]
fn a_classifier_label_comes_from_one_column() {
    let r = CsvOptions::new()
        .target_columns(["a", "b"])
        .read_from::<f64>(b"a,b,c\n1,2,3\n", Path::new("m"));
    let m = message(r);
    assert!(m.contains("a label comes from one column"), "{m}");
}
