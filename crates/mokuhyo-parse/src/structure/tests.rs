//! Pass tests on small inline reports, as `ok_*` / `err_*` pairs.

use crate::model::{Report, Status};
use crate::{parse, ErrorKind};

const HEAD: &str = "令和4年度 部局経営目標（達成状況）\n年度\t令和4年度\t作成日\t令和5年3月31日\n\
                    部局名\t市民部\t部局長名\t山田 太郎\n(2) 事業成果目標\t指標名及び目標値\n";

fn report(body: &str) -> Report {
    parse(format!("{HEAD}{body}").as_bytes(), "t.txt")
        .unwrap()
        .report
}

fn codes(r: &Report) -> Vec<&str> {
    r.diagnostics.iter().map(|d| d.code.as_ref()).collect()
}

fn target(r: &Report, g: usize, i: usize) -> Option<String> {
    r.indicator_groups[g].indicators[i]
        .target
        .as_ref()
        .map(|v| v.text.clone())
}

fn actual(r: &Report, g: usize, i: usize) -> Option<String> {
    r.indicator_groups[g].indicators[i]
        .actual
        .as_ref()
        .map(|v| v.text.clone())
}

/// Asserts that `text` is an entry of the report's `unparsed`.
fn assert_unparsed(r: &Report, text: &str) {
    assert!(
        r.unparsed.iter().any(|u| u.text == text),
        "{text} not in {:?}",
        r.unparsed
    );
}

#[test]
fn ok_header_fields() {
    let r = report("1-①A ・b。\t指標：X\n");
    assert_eq!(r.title.as_deref(), Some("令和4年度 部局経営目標(達成状況)"));
    let fy = r.fiscal_year.as_ref().unwrap();
    assert_eq!(
        (fy.year, fy.start.as_str(), fy.end.as_str()),
        (2022, "2022-04-01", "2023-03-31")
    );
    assert_eq!(
        r.created_on.as_ref().unwrap().date.as_deref(),
        Some("2023-03-31")
    );
    assert_eq!(
        (r.department.as_deref(), r.head.as_deref()),
        (Some("市民部"), Some("山田 太郎"))
    );
    assert_eq!(r.header_lines.head, Some(3));
}

#[test]
fn err_unreadable_header_values_are_flagged() {
    let text = "令和4年度 部局経営目標\n年度\t未定\t作成日\t令和5年2月30日\n1-①A\t指標：X\n";
    let r = parse(text.as_bytes(), "t.txt").unwrap().report;
    assert!(codes(&r).contains(&"unreadable-fiscal-year"));
    assert!(codes(&r).contains(&"unreadable-date"));
    // The title still gives the fiscal year; the bad cells stay visible as residue.
    assert_eq!(r.fiscal_year.as_ref().unwrap().year, 2022);
    assert!(r.unparsed.iter().any(|u| u.text == "未定"));
}

#[test]
fn ok_missions_with_tags_and_bodies() {
    let text = "令和4年度 部局経営目標\n（1）部局の役割・使命（ミッション）・経営方針\n\
                <p>1. 防災【No.11：住み続けられるまちづくりを】【No.13：気候変動に具体的な対策を】 守ります。</p> <p>2. 福祉【No.3：すべての人に健康と福祉を】 支えます。</p>\n";
    let r = parse(text.as_bytes(), "t.txt").unwrap().report;
    assert_eq!(r.missions.len(), 2);
    let m = &r.missions[0];
    assert_eq!(
        (m.no, m.title.as_str(), m.body.as_str()),
        (Some(1), "防災", "守ります。")
    );
    let goals: Vec<_> = m.sdgs.iter().map(|s| s.goal).collect();
    assert_eq!(goals, [11, 13]);
    assert_eq!(m.sdgs[1].label, "気候変動に具体的な対策を");
    assert_eq!(r.missions[1].sdgs[0].goal, 3);
    assert!(r.unparsed.is_empty(), "{:?}", r.unparsed);
}

#[test]
fn err_sdg_goal_out_of_range_is_not_a_goal() {
    let text =
        "令和4年度 部局経営目標\n(1)部局の役割・使命\n1. 防災【No.18:存在しない目標】 守ります。\n";
    let r = parse(text.as_bytes(), "t.txt").unwrap().report;
    assert!(r.missions[0].sdgs.is_empty());
    assert!(codes(&r).contains(&"invalid-sdg-goal"));
    assert!(r.unparsed.iter().any(|u| u.text.contains("No.18")));
}

#[test]
fn ok_sections_share_a_list_and_start_mid_cell() {
    let r = report("3-①体制 ・設立します。 3-②導入 ・進めます。 ・支援します。\t指標：①団体数②設立\n\t目標値 ①100 ②6月\t実績値 ①90、②5月\n");
    let ids: Vec<_> = r
        .sections
        .iter()
        .map(|s| (s.id.as_str(), s.major, s.minor, s.title.as_str()))
        .collect();
    assert_eq!(ids, [("3-①", 3, 1, "体制"), ("3-②", 3, 2, "導入")]);
    assert_eq!(r.sections[1].body, ["進めます。", "支援します。"]);
    assert_eq!(
        (r.sections[0].group, r.sections[1].group),
        (Some(0), Some(0))
    );
    assert_eq!(r.indicator_groups[0].section_ids, ["3-①", "3-②"]);
    let names: Vec<_> = r.indicator_groups[0]
        .indicators
        .iter()
        .map(|i| i.name.as_str())
        .collect();
    assert_eq!(names, ["団体数", "設立"]);
    assert_eq!(actual(&r, 0, 0).as_deref(), Some("90"));
    assert_eq!(
        r.indicator_groups[0].indicators[1].achievement.status,
        Some(Status::Met)
    );
}

#[test]
fn err_duplicate_section_ids_are_kept_and_flagged() {
    let r = report("1-①A ・x。\t指標：X\n\t目標値 1件\t実績値 1件\n1-①B ・y。\t指標：Y\n\t目標値 2件\t実績値 1件\n");
    assert_eq!(r.sections.len(), 2);
    assert_eq!(
        codes(&r)
            .iter()
            .filter(|c| **c == "duplicate-section-id")
            .count(),
        1
    );
    assert_eq!(
        r.diagnostics
            .iter()
            .find(|d| d.code == "duplicate-section-id")
            .unwrap()
            .line,
        Some(7)
    );
}

#[test]
fn ok_indicator_names_with_and_without_separators() {
    let r = report(
        "1-①A\t指標: ①参加人数、団体企業数、②回数\n2-①B\t指標：①X②Y\n3-①C\t指標：協議件数\n",
    );
    let names = |g: usize| -> Vec<(Option<u32>, String)> {
        r.indicator_groups[g]
            .indicators
            .iter()
            .map(|i| (i.no, i.name.clone()))
            .collect()
    };
    assert_eq!(
        names(0),
        [
            (Some(1), "参加人数、団体企業数".into()),
            (Some(2), "回数".into())
        ]
    );
    assert_eq!(names(1), [(Some(1), "X".into()), (Some(2), "Y".into())]);
    assert_eq!(names(2), [(None, "協議件数".into())]);
}

#[test]
fn ok_value_rows_in_three_shapes() {
    let r = report(concat!(
        "1-①A\t指標：①X、②Y\n\t目標値\t実績値\t評価\t次年度への課題\n\t①1回 ②2回\t①1回、②3回\t良い\t続ける\n",
        "2-①B\t指標：X\n\t目標値 60人\t実績値 0人\t評価 未達\t次年度への課題 改定する\n",
        "3-①C\t指標：①X、②Y\n\t<p>目標値</p> <p>① 1件、 ② 3校</p>\t<p>実績値</p> <p>① 0件、 ② 4校</p>\t<p>評価</p> <p>一部</p>\t<p>次年度への課題</p> <p>P</p> <p>Q</p>\n",
    ));
    assert_eq!(
        (target(&r, 0, 1).as_deref(), actual(&r, 0, 1).as_deref()),
        (Some("2回"), Some("3回"))
    );
    assert_eq!(r.indicator_groups[0].evaluation.as_deref(), Some("良い"));
    assert_eq!(
        (target(&r, 1, 0).as_deref(), actual(&r, 1, 0).as_deref()),
        (Some("60人"), Some("0人"))
    );
    assert_eq!(
        r.indicator_groups[1].next_year_issues.as_deref(),
        Some("改定する")
    );
    assert_eq!(
        (target(&r, 2, 1).as_deref(), actual(&r, 2, 1).as_deref()),
        (Some("3校"), Some("4校"))
    );
    assert_eq!(
        r.indicator_groups[2].next_year_issues.as_deref(),
        Some("P Q")
    );
    assert!(r.unparsed.is_empty(), "{:?}", r.unparsed);
}

#[test]
fn ok_deferred_and_shifted_value_rows() {
    let r = report(concat!(
        "1-①A\t指標：①X\n\t目標値\t実績値\t評価\t次年度への課題\n",
        "2-①B\t指標：Y\n\t目標値\t実績値\t評価\t次年度への課題\n",
        "\t①60人\t①58人\tE1\tI1\n\t2回\t4回\tE2\tI2\n",
        "3-①C\t指標：①Z②W\n\t目標値\t実績値\t評価\t次年度への課題\n",
        "①年度内 ②3件\t①-②3 件\tE3\tI3\t\n",
    ));
    assert_eq!(
        (
            target(&r, 0, 0).as_deref(),
            r.indicator_groups[0].evaluation.as_deref()
        ),
        (Some("60人"), Some("E1"))
    );
    assert_eq!(
        (
            target(&r, 1, 0).as_deref(),
            r.indicator_groups[1].evaluation.as_deref()
        ),
        (Some("2回"), Some("E2"))
    );
    assert_eq!(
        (actual(&r, 2, 0).as_deref(), actual(&r, 2, 1).as_deref()),
        (Some("-"), Some("3 件"))
    );
    assert_eq!(
        r.indicator_groups[2].next_year_issues.as_deref(),
        Some("I3")
    );
    assert!(codes(&r).contains(&"shifted-value-row"));
    assert_eq!(r.indicator_groups[0].lines.end, 9);
}

#[test]
fn err_value_row_without_a_list_is_residue() {
    let r = report("1-①A\t指標：X\n\t目標値 1件\t実績値 1件\n\t目標値 9件\t実績値 9件\n");
    assert!(codes(&r).contains(&"value-row-without-group"));
    assert!(r.unparsed.iter().any(|u| u.text.contains("9件")));
    assert_eq!(target(&r, 0, 0).as_deref(), Some("1件"));
}

#[test]
fn err_value_for_an_unknown_indicator_is_residue() {
    let r = report("1-①A\t指標：①X②Y\n\t目標値 ①1件 ②2件 ③3件\t実績値 ①1件\n");
    assert!(codes(&r).contains(&"value-without-indicator"));
    assert!(r.unparsed.iter().any(|u| u.text == "③3件"));
    assert_eq!(actual(&r, 0, 1), None);
    assert_eq!(
        r.indicator_groups[0].indicators[1].achievement.status,
        Some(Status::Unknown)
    );
}

#[test]
fn ok_section_bodies_split_into_headings_and_bullets() {
    let r = report(concat!(
        "<p>1-①普及 (視点の啓発) ・広げます。(例) ・進めます。 (推進) ・続けます。</p>\t指標：X\n",
        "<p>2-①連携</p> <p>●「構想」</p> <ul style=\"x\"> ・検討します。 (1)ハード:施設 (2)ソフト:制度\t指標：Y\n",
    ));
    assert_eq!(r.sections[0].title, "普及");
    assert_eq!(
        r.sections[0].body,
        [
            "(視点の啓発)",
            "広げます。(例)",
            "進めます。",
            "(推進)",
            "続けます。"
        ]
    );
    assert_eq!(
        r.sections[1].body,
        [
            "「構想」",
            "検討します。",
            "(1)ハード:施設",
            "(2)ソフト:制度"
        ]
    );
}

#[test]
fn err_inputs_without_a_report() {
    let kind = |b: &[u8]| parse(b, "x").unwrap_err().kind().clone();
    assert_eq!(kind(b""), ErrorKind::Empty);
    assert_eq!(kind(b" \n\t\r\n"), ErrorKind::Empty);
    assert_eq!(
        kind(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0"),
        ErrorKind::Binary
    );
    assert_eq!(
        kind("ただの文章です。\n二行目。".as_bytes()),
        ErrorKind::NoReport
    );
}

#[test]
fn ok_plan_mission_shapes() {
    let text = "ページの先頭です。\n令和9年度 部局経営目標【市民部】\n(1)部局の役割・使命(ミッション)\n\
                窓口サービスの向上\n【No.16:平和と公正をすべての人に】\n手続を早く分かりやすくします。\n\
                1.防災力の強化【No.11:住み続けられるまちづくりを】\n\
                2地域医療の確保 【No.3:すべての人に健康と福祉を】【No.17:パートナーシップで目標を達成しよう】\n\
                ■公共交通の確保\n・通院と通学の足を守ります。\n3.空き家対策\n- 所有者への相談窓口を設けます。\n\
                平成31年度 部局経営目標【X】の画像1\n";
    let r = parse(text.as_bytes(), "t.html").unwrap().report;
    assert_eq!(r.kind, crate::model::Kind::Plan);
    assert_eq!(
        (
            r.department.as_deref(),
            r.fiscal_year.as_ref().map(|y| y.year)
        ),
        (Some("市民部"), Some(2027))
    );
    let got: Vec<_> = r
        .missions
        .iter()
        .map(|m| {
            (
                m.no,
                m.title.as_str(),
                m.sdgs.iter().map(|s| s.goal).collect::<Vec<_>>(),
                m.body.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                None,
                "窓口サービスの向上",
                vec![16],
                "手続を早く分かりやすくします。"
            ),
            (Some(1), "防災力の強化", vec![11], ""),
            (Some(2), "地域医療の確保", vec![3, 17], ""),
            (None, "公共交通の確保", vec![], "通院と通学の足を守ります。"),
            (
                Some(3),
                "空き家対策",
                vec![],
                "所有者への相談窓口を設けます。"
            ),
        ]
    );
    let residue: Vec<_> = r.unparsed.iter().map(|u| u.line).collect();
    assert_eq!(residue, [1, 13]);
}

#[test]
fn ok_a_report_repeated_in_one_file_is_read_once() {
    let one = format!("{HEAD}1-①A ・b。\t指標：X\n\t\t①1件\n");
    let text = one.repeat(3);
    let parsed = parse(text.as_bytes(), "t.txt").unwrap();
    let r = parsed.report;
    assert_eq!(r.sections.len(), 1);
    assert_eq!(r.indicator_groups.len(), 1);
    assert_eq!(codes(&r), ["repeated-report"]);
    // The second title's line; the copies' text is kept as residue, not dropped.
    assert_eq!(r.diagnostics[0].line, Some(7));
    assert!(r.unparsed.iter().any(|u| u.text.contains("部局経営目標")));
    assert!(r.unparsed.iter().any(|u| u.text.contains("1-①A")));
}

#[test]
fn err_another_years_title_is_not_a_repeat() {
    let text = format!(
        "{HEAD}1-①A ・b。\t指標：X\n平成31年度 部局経営目標【市民部】\n1-②C ・d。\t指標：Y\n"
    );
    let r = parse(text.as_bytes(), "t.txt").unwrap().report;
    assert!(!codes(&r).contains(&"repeated-report"));
    assert_eq!(r.sections.len(), 2);
}

#[test]
fn ok_page_footer_ends_the_report() {
    let text = "令和9年度 部局経営目標【市民部】\n部局の方向性(テーマ)\n1.防災力の強化\n\
                - 訓練を実施します。\nこのページに関するお問い合わせ先\n市民課\n電話番号:0867-00-0000\n\
                このページの情報は役に立ちましたか?\n";
    let r = parse(text.as_bytes(), "t.html").unwrap().report;
    assert_eq!(r.missions.len(), 1);
    assert_eq!(r.missions[0].body, "訓練を実施します。");
    assert_eq!(codes(&r), ["page-footer"]);
    let residue: Vec<_> = r.unparsed.iter().map(|u| u.line).collect();
    assert_eq!(residue, [5, 6, 7, 8]);
}

#[test]
fn err_footer_words_inside_a_body_do_not_end_the_report() {
    let text = "令和9年度 部局経営目標【市民部】\n部局の方向性(テーマ)\n1.窓口の改善\n\
                - お問い合わせへの回答を早めます。\n2.防災力の強化\n- 訓練を実施します。\n";
    let r = parse(text.as_bytes(), "t.html").unwrap().report;
    assert_eq!(r.missions.len(), 2);
    assert!(codes(&r).is_empty());
}

fn missions(r: &Report) -> Vec<(Option<u32>, &str, Vec<u8>, &str)> {
    r.missions
        .iter()
        .map(|m| {
            (
                m.no,
                m.title.as_str(),
                m.sdgs.iter().map(|s| s.goal).collect(),
                m.body.as_str(),
            )
        })
        .collect()
}

#[test]
fn ok_the_title_is_the_first_title_line_with_a_year() {
    let text = "現在地 トップ > 組織でさがす > 市民部 > 市民部経営目標(部局経営目標)\n\
                市民部経営目標(部局経営目標)\n令和6年度の市民部 部局経営目標について\n\
                部局の役割・使命(ミッション)\n1.窓口の改善\n- 回答を早めます。\n";
    let r = parse(text.as_bytes(), "t.html").unwrap().report;
    assert_eq!(
        r.title.as_deref(),
        Some("令和6年度の市民部 部局経営目標について")
    );
    assert_eq!(r.department.as_deref(), Some("市民部"));
    assert_eq!(r.fiscal_year.as_ref().map(|y| y.year), Some(2024));
    let residue: Vec<_> = r.unparsed.iter().map(|u| u.line).collect();
    assert_eq!(residue, [1, 2]);
    let text = "令和2年度 部局経営目標(北山振興局)\n部局の方向性(テーマ)\n1.防災\n";
    let r = parse(text.as_bytes(), "t.html").unwrap().report;
    assert_eq!(r.department.as_deref(), Some("北山振興局"));
}

#[test]
fn err_an_edition_in_brackets_is_not_a_department() {
    let r = report("1-①A ・b。\t指標：X\n");
    assert_eq!(r.department.as_deref(), Some("市民部"));
    let text = "令和4年度 部局経営目標(達成状況)\n部局の方向性(テーマ)\n1.防災\n";
    let r = parse(text.as_bytes(), "t.html").unwrap().report;
    assert_eq!(r.department, None);
}

#[test]
fn ok_bullets_without_titles_are_items() {
    let text = "令和2年度 部局経営目標【北山振興局】\n(1)部局の役割・使命(ミッション)・経営方針\n\
                • 防災力の強化を図ります。\n• 健康づくりに取り組みます。\n";
    let r = parse(text.as_bytes(), "t.html").unwrap().report;
    assert_eq!(
        missions(&r),
        [
            (None, "防災力の強化を図ります。", vec![], ""),
            (None, "健康づくりに取り組みます。", vec![], "")
        ]
    );
}

#[test]
fn ok_numbered_and_marked_items_run_to_the_next_marker() {
    let text = "令和6年度 部局経営目標【市民部】\n部局の役割・使命(ミッション)・経営方針\n\
                ○教育の理念 【市総合教育大綱】\n理念を定めています。\n~ともに育つまち~\n\
                ○実施計画\n計画を進めます。\n\
                1切れ目のない 子育て支援【No.4:質の高い教育をみんなに】\n相談体制を整え、支援を続けます\n\
                2防災【No.11:住み続けられるまちづくりを】\n地域の防災力を高め、訓練を重ね";
    let r = parse(text.as_bytes(), "t.html").unwrap().report;
    assert_eq!(
        missions(&r),
        [
            (
                None,
                "教育の理念 【市総合教育大綱】",
                vec![],
                "理念を定めています。 ~ともに育つまち~"
            ),
            (None, "実施計画", vec![], "計画を進めます。"),
            (
                Some(1),
                "切れ目のない 子育て支援",
                vec![4],
                "相談体制を整え、支援を続けます"
            ),
            (Some(2), "防災", vec![11], "地域の防災力を高め、訓練を重ね"),
        ]
    );
    assert_eq!(codes(&r), ["truncated-report"]);
}

#[test]
fn err_unnumbered_title_lines_are_told_from_bodies() {
    // Untagged titles followed by their tag line; a body without 。 after a tagged title.
    let text = "令和5年度 部局経営目標【市民部】\n(1)部局の役割・使命(ミッション)\n\
                窓口サービスの向上\n【No.16:平和と公正をすべての人に】\n手続を早く分かりやすく\n\
                防災力の強化\n【No.11:住み続けられるまちづくりを】【No.13:気候変動に具体的な対策を】\n\
                訓練を実施します。\n";
    let r = parse(text.as_bytes(), "t.html").unwrap().report;
    assert_eq!(
        missions(&r),
        [
            (
                None,
                "窓口サービスの向上",
                vec![16],
                "手続を早く分かりやすく"
            ),
            (None, "防災力の強化", vec![11, 13], "訓練を実施します。"),
        ]
    );
}

#[test]
fn ok_goal_blocks_one_cell_per_line() {
    let text = "令和9年度 部局経営目標【市民部】\n(1)部局の役割・使命(ミッション)\n\
                1.防災力の強化【No.11:住み続けられるまちづくりを】\n組織の結成を支援します。\n\
                (2)事業成果目標\n1-①自主防災組織の育成\n・結成の相談に応じます。\n訓練も支援します。\n\
                指標:①結成数、②訓練参加者数\n目標値 ①5団体 ②300人\n\
                1-②避難所の充実\n1-③備蓄の拡充\n- 備蓄を進めます。\n指標:備蓄率\n目標値\n80%\n";
    let r = parse(text.as_bytes(), "t.html").unwrap().report;
    let secs: Vec<_> = r
        .sections
        .iter()
        .map(|s| (s.id.as_str(), s.title.as_str(), s.body.clone(), s.group))
        .collect();
    assert_eq!(
        secs,
        [
            (
                "1-①",
                "自主防災組織の育成",
                vec![
                    "結成の相談に応じます。".to_string(),
                    "訓練も支援します。".to_string()
                ],
                Some(0)
            ),
            ("1-②", "避難所の充実", vec![], Some(1)),
            (
                "1-③",
                "備蓄の拡充",
                vec!["備蓄を進めます。".to_string()],
                Some(1)
            ),
        ]
    );
    assert_eq!(target(&r, 0, 0).as_deref(), Some("5団体"));
    assert_eq!(target(&r, 0, 1).as_deref(), Some("300人"));
    assert_eq!(target(&r, 1, 0).as_deref(), Some("80%"));
    assert_eq!(r.indicator_groups[1].section_ids, ["1-②", "1-③"]);
    assert_eq!(r.kind, crate::model::Kind::Plan);
    assert!(r.unparsed.is_empty(), "{:?}", r.unparsed);
}

#[test]
fn ok_mission_and_goal_heading_forms() {
    for heading in [
        "(1)部局の役割・使命(ミッション)・経営方針",
        "部局の役割・使命(ミッション)",
        "1.部局の役割・使命",
        "①部局の方向性(テーマ)",
        "部局の方向性(テーマ)",
        "部局の経営方針",
    ] {
        for goals in ["(2)事業成果目標", "2 事業成果目標", "②重点取組"] {
            let text = format!(
                "令和9年度 部局経営目標【市民部】\n{heading}\n1.防災\n- 訓練をします。\n{goals}\n\
                 1-①訓練\t指標:参加者数\n"
            );
            let r = parse(text.as_bytes(), "t.txt").unwrap().report;
            assert_eq!(r.missions.len(), 1, "{heading}");
            assert_eq!(r.sections.len(), 1, "{heading} {goals}");
            assert!(r.unparsed.is_empty(), "{heading} {goals}: {:?}", r.unparsed);
        }
    }
}

#[test]
fn ok_sdg_tag_forms() {
    let text = "令和9年度 部局経営目標【市民部】\n部局の方向性(テーマ)\n\
                1.防災【Ｎｏ．１１：住み続けられるまちづくりを】\n2.健康【SDGs No.3 すべての人に健康と福祉を】\n\
                3.教育【目標4:質の高い教育をみんなに】【Goal 17】\n4.仮称の事業【仮称】\n";
    let r = parse(text.as_bytes(), "t.txt").unwrap().report;
    let got: Vec<_> = r
        .missions
        .iter()
        .map(|m| {
            (
                m.title.as_str(),
                m.sdgs.iter().map(|s| s.goal).collect::<Vec<_>>(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("防災", vec![11]),
            ("健康", vec![3]),
            ("教育", vec![4, 17]),
            ("仮称の事業【仮称】", vec![])
        ]
    );
    assert_eq!(r.missions[1].sdgs[0].label, "すべての人に健康と福祉を");
    assert_eq!(r.missions[2].sdgs[1].label, "");
}

#[test]
fn ok_items_without_a_mission_heading() {
    let text =
        "令和9年度 部局経営目標【市民部】\n1.防災力の強化【No.11:住み続けられるまちづくりを】\n\
                訓練を実施します。\n■公共交通\n・足を守ります。\n";
    let r = parse(text.as_bytes(), "t.txt").unwrap().report;
    assert_eq!(
        missions(&r),
        [
            (Some(1), "防災力の強化", vec![11], "訓練を実施します。"),
            (None, "公共交通", vec![], "足を守ります。")
        ]
    );
}

#[test]
fn err_header_text_without_tags_is_not_an_item() {
    let text =
        "令和9年度 部局経営目標【市民部】\n更新日:2027年6月1日\n部局の方向性(テーマ)\n1.防災\n";
    let r = parse(text.as_bytes(), "t.txt").unwrap().report;
    assert_eq!(r.missions.len(), 1);
    assert_eq!(r.unparsed.len(), 1);
}

#[test]
fn ok_more_item_number_forms_and_wrapped_bodies() {
    let text = "令和5年度 部局経営目標【教育委員会】\n(1)確かな学力の育成【No.4:質の高い教育をみんなに】\n\
                少人数の指導を広げ、\n放課後の学習も支えます。\n（２）生涯学習の推進\n- 講座を開きます。\n\
                - 図書館を開きます。\n③【No.12:つくる責任 つかう責任】循環型社会の推進\n";
    let r = parse(text.as_bytes(), "t.txt").unwrap().report;
    assert_eq!(
        missions(&r),
        [
            (
                Some(1),
                "確かな学力の育成",
                vec![4],
                "少人数の指導を広げ、放課後の学習も支えます。"
            ),
            (
                Some(2),
                "生涯学習の推進",
                vec![],
                "講座を開きます。 図書館を開きます。"
            ),
            (Some(3), "循環型社会の推進", vec![12], ""),
        ]
    );
    assert!(r.unparsed.is_empty(), "{:?}", r.unparsed);
}

#[test]
fn err_bullets_without_a_full_stop_stay_apart() {
    let text = "令和5年度 部局経営目標【教育委員会】\n1.学び\n・講座の充実\n・図書館の充実\n";
    let r = parse(text.as_bytes(), "t.txt").unwrap().report;
    assert_eq!(r.missions[0].body, "講座の充実 図書館の充実");
}

// ---------------------------------------------------------------------------------------------
// Values and items as real reports write them (issue 14).

fn count(r: &Report, code: &str) -> usize {
    r.diagnostics.iter().filter(|d| d.code == code).count()
}

fn value(r: &Report, g: usize, i: usize, actual: bool) -> crate::model::Value {
    let ind = &r.indicator_groups[g].indicators[i];
    if actual { &ind.actual } else { &ind.target }
        .clone()
        .unwrap()
}

#[test]
fn ok_direction_words_decide_the_status() {
    let r = report(concat!(
        "1-①A\t指標：①待ち時間②事故件数③未処理④参加者\n",
        "\t目標値 ①15分以内 ②40件以下 ③10件未満 ④100人以上\t実績値 ①12分 ②41件 ③10件 ④100人\n",
    ));
    let rows: Vec<_> = r.indicator_groups[0]
        .indicators
        .iter()
        .map(|i| (i.achievement.status, i.achievement.rule))
        .collect();
    use crate::model::{Bound, Rule};
    assert_eq!(
        rows,
        [
            (Some(Status::Met), Some(Rule::LowerIsBetter)),
            (Some(Status::NotMet), Some(Rule::LowerIsBetter)),
            (Some(Status::NotMet), Some(Rule::LowerIsBetter)),
            (Some(Status::Met), Some(Rule::HigherIsBetter)),
        ]
    );
    let t = value(&r, 0, 2, false);
    assert_eq!(
        (t.bound, t.note.as_deref()),
        (Some(Bound::MaxExclusive), Some("未満"))
    );
    assert_eq!(value(&r, 0, 0, true).bound, None);
}

#[test]
fn err_without_a_direction_word_higher_is_better() {
    let r = report("1-①A\t指標：①X②Y\n\t目標値 ①15分 ②0件\t実績値 ①12分 ②0件\n");
    let s: Vec<_> = r.indicator_groups[0]
        .indicators
        .iter()
        .map(|i| i.achievement.status)
        .collect();
    assert_eq!(s, [Some(Status::NotMet), Some(Status::Met)]);
    assert_eq!(value(&r, 0, 0, false).bound, None);
}

#[test]
fn ok_signs_compounds_and_dash_notes_in_cells() {
    let r = report(concat!(
        "1-①A\t指標：①増減率②事業費③施設数\n",
        "\t目標値 ①▲5% ②2億4,500万円 ③－（次期計画でR8年度に設定）\t実績値 ①△3% ②2.26万円 ③12事業所\n",
    ));
    let t = value(&r, 0, 0, false);
    assert_eq!(
        (t.value.map(|n| n.0), t.unit.as_deref()),
        (Some(-5.0), Some("%"))
    );
    assert_eq!(
        r.indicator_groups[0].indicators[0].achievement.status,
        Some(Status::Met)
    );
    assert_eq!(
        value(&r, 0, 1, false).value.map(|n| n.0),
        Some(245_000_000.0)
    );
    assert_eq!(value(&r, 0, 1, true).value.map(|n| n.0), Some(22_600.0));
    let dash = value(&r, 0, 2, false);
    assert_eq!(
        (dash.value, dash.quantities.len(), dash.note.as_deref()),
        (None, 0, Some("(次期計画でR8年度に設定)"))
    );
    assert_eq!(value(&r, 0, 2, true).unit.as_deref(), Some("事業所"));
    assert!(r.unparsed.is_empty(), "{:?}", r.unparsed);
}

#[test]
fn ok_grades_go_to_the_group() {
    for (eval, grade) in [
        ("Ａ", Some("A")),
        ("B評価 おおむね達成", Some("B")),
        ("◎ 目標を上回った", Some("◎")),
        ("○", Some("○")),
        ("△一部未達", Some("△")),
        ("×", Some("×")),
        ("順調に進んだ。", None),
        ("ABC事業を進めた。", None),
    ] {
        let r = report(&format!(
            "1-①A\t指標：X\n\t目標値 1件\t実績値 1件\t評価 {eval}\t次年度への課題 続ける\n"
        ));
        let g = &r.indicator_groups[0];
        assert_eq!(g.grade.as_deref(), grade, "{eval}");
        let want_eval = eval.replace('Ａ', "A");
        assert_eq!(g.evaluation.as_deref(), Some(want_eval.as_str()), "{eval}");
    }
    // A group without a 評価 cell has no grade.
    let r = report("1-①A\t指標：X\n\t目標値 1件\t実績値 1件\n");
    assert_eq!(r.indicator_groups[0].grade, None);
}

#[test]
fn ok_separators_never_end_a_name() {
    for list in [
        "①ごみ・資源物収集量・②資源化率・③相談件数",
        "①ごみ・資源物収集量／②資源化率／③相談件数",
        "①ごみ・資源物収集量/②資源化率/③相談件数",
        "①ごみ・資源物収集量;②資源化率;③相談件数",
        "①ごみ・資源物収集量、②資源化率、③相談件数",
        "①ごみ・資源物収集量 ・ ②資源化率 ・ ③相談件数",
        "①ごみ・資源物収集量②資源化率③相談件数・",
    ] {
        let r = report(&format!("1-①A\t指標：{list}\n\t目標値 ①1t ②2% ③3件\n"));
        let names: Vec<_> = r.indicator_groups[0]
            .indicators
            .iter()
            .map(|i| i.name.as_str())
            .collect();
        assert_eq!(
            names,
            ["ごみ・資源物収集量", "資源化率", "相談件数"],
            "{list}"
        );
        assert!(r.unparsed.is_empty(), "{list}: {:?}", r.unparsed);
    }
}

#[test]
fn err_an_unnumbered_list_is_one_name() {
    let r = report("1-①A\t指標：ごみ・資源物収集量\n\t目標値 1t\n");
    assert_eq!(
        r.indicator_groups[0].indicators[0].name,
        "ごみ・資源物収集量"
    );
}

#[test]
fn ok_every_row_shape_that_lost_its_leading_cell_is_flagged() {
    for (shape, rows) in [
        (
            "header",
            "目標値\t実績値\t評価\t次年度への課題\n\t1件\t1件\tE\tI\n",
        ),
        (
            "labelled",
            "目標値 1件\t実績値 1件\t評価 E\t次年度への課題 I\n",
        ),
        (
            "one-cell <p>",
            "<p>目標値</p> <p>1件</p>\t<p>実績値</p> <p>1件</p>\n",
        ),
        ("one cell", "<p>目標値</p> <p>1件</p>\n"),
        (
            "plain",
            "\t目標値\t実績値\t評価\t次年度への課題\n1件\t1件\tE\tI\n",
        ),
    ] {
        let r = report(&format!("1-①A\t指標：X\n{rows}"));
        assert_eq!(
            count(&r, "shifted-value-row"),
            1,
            "{shape}: {:?}",
            codes(&r)
        );
        assert_eq!(target(&r, 0, 0).as_deref(), Some("1件"), "{shape}");
    }
}

#[test]
fn err_rows_with_their_leading_cell_are_not_flagged() {
    for rows in [
        "\t目標値\t実績値\t評価\t次年度への課題\n\t1件\t1件\tE\tI\n",
        "\t目標値 1件\t実績値 1件\t評価 E\t次年度への課題 I\n",
        "\t<p>目標値</p> <p>1件</p>\t<p>実績値</p> <p>1件</p>\n",
    ] {
        let r = report(&format!("1-①A\t指標：X\n{rows}"));
        assert_eq!(count(&r, "shifted-value-row"), 0, "{rows}: {:?}", codes(&r));
        assert_eq!(target(&r, 0, 0).as_deref(), Some("1件"));
    }
    // A page laid out one cell per line has no leading cell to lose.
    let text = "令和9年度 部局経営目標【市民部】\n(2)事業成果目標\n1-①A\n指標:X\n目標値 1件\n";
    let r = parse(text.as_bytes(), "t.html").unwrap().report;
    assert_eq!(count(&r, "shifted-value-row"), 0, "{:?}", codes(&r));
    assert_eq!(target(&r, 0, 0).as_deref(), Some("1件"));
}

#[test]
fn ok_records_cut_by_the_end_of_the_file_are_marked() {
    // A mission title cut off.
    let text = "令和9年度 部局経営目標【建設部】\n(1)部局の役割・使命(ミッション)\n\
                ■道路の維持\n・橋を点検します。\n■下水道施設の計画的な更新と耐震化の推進に向けた取";
    let r = parse(text.as_bytes(), "t.txt").unwrap().report;
    let marks: Vec<_> = r.missions.iter().map(|m| m.truncated).collect();
    assert_eq!(marks, [false, true]);
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.code == "truncated-report")
        .unwrap();
    assert!(d.message.contains("/missions/1"), "{}", d.message);
    // The title itself cut, the file's last line.
    let text = "令和9年度 部局経営目標【建設部】\n(1)部局の役割・使命(ミッション)\n\
                ■道路の維持\n・橋を点検します。\n■下水道施設の計画的な更";
    let r = parse(text.as_bytes(), "t.txt").unwrap().report;
    let last = r.missions.last().unwrap();
    assert_eq!(
        (last.title.as_str(), last.truncated),
        ("下水道施設の計画的な更", true)
    );
    assert!(!r.missions[0].truncated);
    // A section and its group cut inside the value row.
    let r = parse(
        format!("{HEAD}1-①A ・b。\t指標：X\n\t目標値 1件\t実績値 1件\t評価 関係団体と協議を重ねたが、合意には")
            .as_bytes(),
        "t.txt",
    )
    .unwrap()
    .report;
    assert!(r.indicator_groups[0].truncated);
    assert!(!r.sections[0].truncated, "the section ended before the cut");
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.code == "truncated-report")
        .unwrap();
    assert!(d.message.contains("/indicator_groups/0"), "{}", d.message);
    // A section cut inside its body.
    let r = parse(
        format!("{HEAD}1-①A ・地域の関係団体と協議を重ねながら計画を").as_bytes(),
        "t.txt",
    )
    .unwrap()
    .report;
    assert!(r.sections[0].truncated);
}

#[test]
fn err_complete_last_items_are_not_marked() {
    for text in [
        "令和9年度 部局経営目標【建設部】\n(1)部局の役割・使命\n■道路の維持\n・橋を点検します。",
        "令和9年度 部局経営目標【建設部】\n(1)部局の役割・使命\n■道路の維持\n・橋を点検します。\n",
        "令和9年度 部局経営目標【建設部】\n(1)部局の役割・使命\n■道路の維持\n・橋を点検し、補修を計画的に進め",
    ] {
        let r = parse(text.as_bytes(), "t.txt").unwrap().report;
        let cut = codes(&r).contains(&"truncated-report");
        // Only a file flagged as cut has a marked record, and then only the last one.
        assert_eq!(r.missions.iter().any(|m| m.truncated), cut, "{text}");
        assert!(!r.missions[0].truncated || r.missions.len() == 1);
    }
    let r = report("1-①A ・b。\t指標：X\n\t目標値 1件\t実績値 1件\n");
    assert!(!r.sections[0].truncated && !r.indicator_groups[0].truncated);
}

#[test]
fn err_unmatched_values_in_a_group_of_several_are_residue() {
    // An unnumbered value where several indicators wait: never silently indicator 1.
    let r = report("1-①A\t指標：①X②Y\n\t目標値 5件\t実績値 ①5件 ②6件\n");
    assert!(codes(&r).contains(&"value-without-indicator"));
    assert_unparsed(&r, "5件");
    assert_eq!(target(&r, 0, 0), None);
    assert_eq!(actual(&r, 0, 0).as_deref(), Some("5件"));
    // A circled number no indicator has.
    let r = report("1-①A\t指標：①X②Y\n\t目標値 ①1件 ④4件\t実績値 ①1件\n");
    assert!(codes(&r).contains(&"value-without-indicator"));
    assert_unparsed(&r, "④4件");
    assert_eq!(target(&r, 0, 1), None);
    // ① where several indicators are numbered from ②: not the first indicator's value.
    let r = report("1-①A\t指標：②X③Y\n\t目標値 ①1件 ②2件\t実績値 ②2件\n");
    assert!(codes(&r).contains(&"value-without-indicator"));
    assert_unparsed(&r, "①1件");
    assert_eq!(target(&r, 0, 0).as_deref(), Some("2件"));
    // A lone circled number no indicator has is still a character placed nowhere.
    let r = report("1-①A\t指標：①X②Y\n\t目標値 ①1件 ②2件 ③\n");
    assert!(
        codes(&r).contains(&"value-without-indicator"),
        "{:?}",
        codes(&r)
    );
    assert_unparsed(&r, "③");
    assert_eq!(target(&r, 0, 1).as_deref(), Some("2件"));
    // Unnumbered text in a later paragraph of the cell belongs to no numbered part either.
    let r = report("1-①A\t指標：①X②Y\n\t<p>目標値</p> <p>①10件 ②5件</p> <p>見込み</p>\n");
    assert!(codes(&r).contains(&"value-without-indicator"));
    assert_unparsed(&r, "見込み");
    assert_eq!(target(&r, 0, 1).as_deref(), Some("5件"));
    // With one indicator, ① and unnumbered text both go to it.
    let r = report("1-①A\t指標：X\n\t目標値 ①1件\t実績値 2件\n");
    assert_eq!(
        (target(&r, 0, 0).as_deref(), actual(&r, 0, 0).as_deref()),
        (Some("1件"), Some("2件"))
    );
    assert!(!codes(&r).contains(&"value-without-indicator"));
}

#[test]
fn ok_value_cells_of_several_segments() {
    let r = report(concat!(
        "1-①A\t指標：①X②Y\n",
        "\t<p>目標値</p> <p>①10件</p> <p>②20人</p>\t<p>実績値</p> <p>①12件</p> <p>②18人</p>\n",
    ));
    assert_eq!(target(&r, 0, 1).as_deref(), Some("20人"));
    assert_eq!(actual(&r, 0, 0).as_deref(), Some("12件"));
    let s: Vec<_> = r.indicator_groups[0]
        .indicators
        .iter()
        .map(|i| i.achievement.status)
        .collect();
    assert_eq!(s, [Some(Status::Met), Some(Status::NotMet)]);
    // An unnumbered value over two segments is one value.
    let r = report("1-①A\t指標：X\n\t<p>目標値</p> <p>事業所数</p> <p>12事業所</p>\n");
    let t = value(&r, 0, 0, false);
    assert_eq!(
        (t.value.map(|n| n.0), t.unit.as_deref(), t.note.as_deref()),
        (Some(12.0), Some("事業所"), Some("事業所数"))
    );
}

#[test]
fn err_a_label_line_before_its_list_is_residue() {
    let text =
        "令和9年度 部局経営目標【市民部】\n(2)事業成果目標\n1-①A\n目標値 1件\n指標:X\n目標値 2件\n";
    let r = parse(text.as_bytes(), "t.html").unwrap().report;
    assert!(
        codes(&r).contains(&"value-row-without-group"),
        "{:?}",
        codes(&r)
    );
    assert!(
        r.unparsed.iter().any(|u| u.text.contains("1件")),
        "{:?}",
        r.unparsed
    );
    assert_eq!(target(&r, 0, 0).as_deref(), Some("2件"));
}

#[test]
fn ok_plans_have_null_achievements_and_reports_keep_theirs() {
    let text = "令和9年度 部局経営目標【市民部】\n(2)事業成果目標\n1-①A\n指標:X\n目標値 10件\n";
    let r = parse(text.as_bytes(), "t.html").unwrap().report;
    let a = &r.indicator_groups[0].indicators[0].achievement;
    assert_eq!((a.status, a.ratio, a.rule), (None, None, None));
    let r = report("1-①A\t指標：①X②Y\n\t目標値 ①10件\t実績値 ①12件\n");
    let a = &r.indicator_groups[0].indicators[0].achievement;
    assert_eq!((a.status, a.ratio), (Some(Status::Met), Some(1.2)));
    let b = &r.indicator_groups[0].indicators[1].achievement;
    assert_eq!(b.status, Some(Status::Unknown));
}
