//! `example:shapes` in Rust: `wit_bindgen::generate!` turns the world into traits
//! (`Guest` for the interface's functions, `GuestCanvas` for the resource), `export!` wires
//! `Component` in.
use std::cell::RefCell;

wit_bindgen::generate!({ world: "shapes", path: "wit" });

use exports::example::shapes::geometry::{Bounds, Guest, GuestCanvas, Point, Shape};

struct Component;

fn polygon_area(points: &[Point]) -> f64 {
    let n = points.len();
    let twice: f64 = (0..n).map(|i| {
        let (a, b) = (&points[i], &points[(i + 1) % n]);
        a.x * b.y - b.x * a.y
    }).sum();
    twice.abs() / 2.0
}

fn corners(s: &Shape) -> Vec<Point> {
    match s {
        Shape::Circle((c, r)) => vec![Point { x: c.x - r, y: c.y - r }, Point { x: c.x + r, y: c.y + r }],
        Shape::Rect((a, b)) => vec![*a, *b],
        Shape::Polygon(points) => points.clone(),
    }
}

fn numbers(words: &[&str]) -> Result<Vec<f64>, String> {
    words.iter().map(|w| w.parse::<f64>().map_err(|_| format!("`{w}` is not a number"))).collect()
}

impl Guest for Component {
    type Canvas = Canvas;

    fn area(s: Shape) -> f64 {
        match &s {
            Shape::Circle((_, r)) => std::f64::consts::PI * r * r,
            Shape::Rect((a, b)) => ((b.x - a.x) * (b.y - a.y)).abs(),
            Shape::Polygon(points) => polygon_area(points),
        }
    }

    fn bounding_box(shapes: Vec<Shape>) -> Option<Bounds> {
        let points: Vec<Point> = shapes.iter().flat_map(corners).collect();
        let first = points.first()?;
        Some(points.iter().fold(Bounds { min: *first, max: *first }, |b, p| Bounds {
            min: Point { x: b.min.x.min(p.x), y: b.min.y.min(p.y) },
            max: Point { x: b.max.x.max(p.x), y: b.max.y.max(p.y) },
        }))
    }

    fn parse(text: String) -> Result<Shape, String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let (kind, rest) = words.split_first().ok_or("empty shape")?;
        let n = numbers(rest)?;
        match (*kind, n.len()) {
            ("circle", 3) if n[2] >= 0.0 => Ok(Shape::Circle((Point { x: n[0], y: n[1] }, n[2]))),
            ("circle", 3) => Err("a circle's radius cannot be negative".into()),
            ("rect", 4) => Ok(Shape::Rect((Point { x: n[0], y: n[1] }, Point { x: n[2], y: n[3] }))),
            ("polygon", k) if k >= 6 && k % 2 == 0 => Ok(Shape::Polygon(n.chunks(2).map(|c| Point { x: c[0], y: c[1] }).collect())),
            ("circle" | "rect" | "polygon", k) => Err(format!("`{kind}` does not take {k} numbers")),
            _ => Err(format!("unknown shape `{kind}` (circle, rect or polygon)")),
        }
    }
}

/// The `canvas` resource: its state lives in this instance.
struct Canvas {
    shapes: RefCell<Vec<Shape>>,
}

impl GuestCanvas for Canvas {
    fn new() -> Self {
        Canvas { shapes: RefCell::new(Vec::new()) }
    }

    fn add(&self, s: Shape) -> u32 {
        let mut shapes = self.shapes.borrow_mut();
        shapes.push(s);
        shapes.len() as u32
    }

    fn total_area(&self) -> f64 {
        self.shapes.borrow().iter().map(|s| Component::area(s.clone())).sum()
    }

    fn count(&self) -> u32 {
        self.shapes.borrow().len() as u32
    }
}

export!(Component);
