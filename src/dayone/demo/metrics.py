"""Three years of daily metric data for the demo company, with weekly and yearly
seasonality, a trend, and a few real anomalies; and its metrics file."""

from __future__ import annotations

import csv
import math
import random
from datetime import date, timedelta
from pathlib import Path

# name: (base level per day, yearly swing, growth per year, kind, owner, drives)
BASE = {
    "sessions": (300_000, 0.25, 0.12, "input", "dev.patel", ["orders"]),
    "app_sessions": (140_000, 0.25, 0.25, "input", "dev.patel", []),
    "product_page_views": (900_000, 0.25, 0.12, "input", "ines.silva", ["orders"]),
    "searches": (210_000, 0.2, 0.10, "input", "priya.sharma", ["orders"]),
    "search_clicks": (150_000, 0.2, 0.14, "input", "priya.sharma", []),
    "add_to_carts": (42_000, 0.3, 0.12, "input", "chloe.dubois", ["orders"]),
    "orders": (9_500, 0.3, 0.13, "output", "maya.cohen", []),
    "units": (27_000, 0.3, 0.13, "output", "maya.cohen", []),
    "revenue": (610_000, 0.35, 0.15, "output", "ava.okafor", []),
    "refunds": (21_000, 0.2, 0.05, "output", "tariq.rahman", []),
    "returns": (520, 0.3, 0.04, "output", "tariq.rahman", []),
    "new_customers": (2_100, 0.3, 0.08, "output", "maya.cohen", []),
    "repeat_customers": (6_200, 0.25, 0.16, "output", "maya.cohen", []),
    "deliveries": (9_300, 0.3, 0.13, "input", "farid.haddad", ["orders"]),
    "deliveries_on_time": (8_800, 0.3, 0.14, "input", "farid.haddad", ["repeat_customers"]),
    "support_contacts": (1_300, 0.2, 0.02, "input", "grace.kim", []),
    "catalog_items_live": (180_000, 0.0, 0.20, "input", "ines.silva", ["orders"]),
    "out_of_stock_items": (5_400, 0.1, -0.05, "input", "ines.silva", ["orders"]),
    "reviews_posted": (1_900, 0.2, 0.10, "input", "jonas.berg", []),
    "seller_signups": (45, 0.2, 0.20, "input", "kemi.adeyemi", []),
    "fraud_blocked": (60, 0.1, 0.05, "output", "tariq.rahman", []),
    "page_load_ms": (850, 0.05, -0.08, "input", "hiro.tanaka", ["orders"]),
    "gift_card_sales": (12_000, 0.9, 0.10, "output", "tariq.rahman", []),
    "subscription_boxes": (700, 0.1, 0.40, "output", "chloe.dubois", []),
}
DERIVED = {
    "conversion": ("ratio", ["orders", "sessions"], "bps", "0.00%"),
    "search_click_rate": ("ratio", ["search_clicks", "searches"], "bps", "0.0%"),
    "add_to_cart_rate": ("ratio", ["add_to_carts", "product_page_views"], "bps", "0.00%"),
    "average_order_value": ("ratio", ["revenue", "orders"], "percent", "$#,##0.00"),
    "units_per_order": ("ratio", ["units", "orders"], "percent", "0.00"),
    "refund_rate": ("ratio", ["refunds", "revenue"], "bps", "0.00%"),
    "return_rate": ("ratio", ["returns", "orders"], "bps", "0.00%"),
    "on_time_rate": ("ratio", ["deliveries_on_time", "deliveries"], "bps", "0.0%"),
    "repeat_share": ("ratio", ["repeat_customers", "orders"], "bps", "0.0%"),
    "out_of_stock_rate": ("ratio", ["out_of_stock_items", "catalog_items_live"], "bps", "0.00%"),
    "contacts_per_order": ("ratio", ["support_contacts", "orders"], "bps", "0.00%"),
    "app_share": ("ratio", ["app_sessions", "sessions"], "bps", "0.0%"),
    "net_revenue": ("difference", ["revenue", "refunds"], "percent", "$#,##0"),
}
# what a metric counts, written above it in the metrics file (search finds metrics by it)
DESCRIPTIONS = {
    "orders": "Orders placed on the web and in the app, net of cancellations within the hour.",
    "revenue": "Gross merchandise sales in dollars, before refunds.",
    "search_clicks": "Searches where the customer clicked a result: the relevance team's input.",
    "deliveries_on_time": "Deliveries that arrived on the day promised at checkout.",
    "support_contacts": "Calls, chats and emails to customer service.",
    "gift_card_sales": "Digital gift cards sold, in dollars.",
    "page_load_ms": "Median time to a usable product page, in milliseconds.",
    "returns": "Items sent back by customers, by mail or at a partner counter.",
}
DOWN_IS_GOOD = {"refunds", "returns", "support_contacts", "out_of_stock_items", "page_load_ms", "refund_rate",
                "return_rate", "out_of_stock_rate", "contacts_per_order"}
MEAN = {"page_load_ms", "catalog_items_live", "out_of_stock_items"}  # levels, not counts: a period's mean
# monthly plans for this year: last year's month grown by the plan's rate
PLANNED = {"orders": 0.15, "revenue": 0.18, "sessions": 0.12, "new_customers": 0.10, "repeat_customers": 0.18}


def thanksgiving(year: int) -> date:
    """The fourth Thursday of November."""
    first = date(year, 11, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7 + 21)


# Thanksgiving, Black Friday, the weekend, Cyber Monday: a holiday that moves between years
THANKSGIVING_WEEKEND = (1.15, 1.9, 1.6, 1.5, 1.8)


def holiday_lift(day: date) -> float:
    """Traffic and sales on ``day`` against an ordinary day: the Thanksgiving weekend through
    Cyber Monday (its dates move every year), and Christmas Day (its date does not)."""
    offset = (day - thanksgiving(day.year)).days
    lift = THANKSGIVING_WEEKEND[offset] if 0 <= offset < len(THANKSGIVING_WEEKEND) else 1.0
    return 0.6 if (day.month, day.day) == (12, 25) else lift


def write(folder: Path, end: date, *, domain: str) -> Path:
    """Write the data and the metrics file once; later calls reuse them."""
    target = folder / "metrics.yaml"
    if target.exists():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(2026)
    start = end - timedelta(days=3 * 365 + 30)
    weekly = [0.92, 0.95, 0.97, 1.0, 1.04, 1.08, 1.04]  # Monday..Sunday
    monthly: dict[tuple[str, str], float] = {}
    with (folder / "daily.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["date", *BASE])
        day = start
        while day <= end:
            years = (day - start).days / 365
            season = math.sin(2 * math.pi * (day.timetuple().tm_yday - 80) / 365)
            holiday = holiday_lift(day)
            row = []
            for name, (level, swing, growth, *_rest) in BASE.items():
                value = level * (1 + growth) ** years * (1 + swing * 0.3 * season)
                if name not in MEAN:
                    value *= weekly[day.weekday()] * holiday
                value *= 1 + rng.gauss(0, 0.02)
                row.append(round(value))
            # real anomalies: a checkout outage, a search ranking bug, a late-delivery week
            if day == end - timedelta(days=2):
                row[list(BASE).index("orders")] = round(row[list(BASE).index("orders")] * 0.45)
                row[list(BASE).index("revenue")] = round(row[list(BASE).index("revenue")] * 0.47)
            if end - timedelta(days=6) <= day <= end:
                row[list(BASE).index("search_clicks")] = round(row[list(BASE).index("search_clicks")] * 0.8)
                row[list(BASE).index("support_contacts")] = round(row[list(BASE).index("support_contacts")] * 1.6)
            for name in PLANNED:
                key = (name, day.strftime("%Y-%m"))
                monthly[key] = monthly.get(key, 0) + row[list(BASE).index(name)]
            writer.writerow([day.isoformat(), *row])
            day += timedelta(days=1)
    lines = ["setup: {week_ending: saturday, fiscal_year_end_month: 12, anomaly_threshold: 3.0}",
             "sources:", "  daily: {csv: daily.csv, date_column: date}", "metrics:"]
    for name, (_, _, _, kind, owner, drives) in BASE.items():
        agg = "mean" if name in MEAN else "sum"
        fmt = '"#,##0"' if name != "revenue" else '"$#,##0"'
        extras = f", drives: [{', '.join(drives)}]" if drives else ""
        if name in PLANNED:
            targets = {f"{end.year}-{m:02d}": round(monthly.get((name, f"{end.year - 1}-{m:02d}"), 0)
                                                   * (1 + PLANNED[name])) for m in range(1, 13)}
            extras += ", plan: {" + ", ".join(f'"{k}": {v}' for k, v in targets.items()) + "}"
        direction = "down" if name in DOWN_IS_GOOD else "up"
        if name in DESCRIPTIONS:
            lines.append(f"  # {DESCRIPTIONS[name]}")
        lines.append(f"  {name}: {{source: daily, column: {name}, aggregation: {agg}, kind: {kind}, "
                     f"owner: {owner}@{domain}, direction: {direction}, format: {fmt}{extras}}}")
    for name, (how, of, cmp, fmt) in DERIVED.items():
        direction = "down" if name in DOWN_IS_GOOD else "up"
        lines.append(f"  {name}: {{derived: {how}, of: [{', '.join(of)}], comparison: {cmp}, "
                     f"format: \"{fmt}\", direction: {direction}}}")
    sections = {
        "Customer experience": ["sessions", "app_sessions", "app_share", "page_load_ms", "searches", "search_clicks",
                                "search_click_rate", "product_page_views", "add_to_carts", "add_to_cart_rate"],
        "Orders and revenue": ["orders", "conversion", "units", "units_per_order", "revenue", "average_order_value",
                               "refunds", "refund_rate", "net_revenue", "gift_card_sales", "subscription_boxes"],
        "Customers": ["new_customers", "repeat_customers", "repeat_share", "reviews_posted"],
        "Fulfillment": ["deliveries", "deliveries_on_time", "on_time_rate", "returns", "return_rate"],
        "Selection": ["catalog_items_live", "out_of_stock_items", "out_of_stock_rate", "seller_signups"],
        "Trust": ["support_contacts", "contacts_per_order", "fraud_blocked"],
    }
    lines.append("deck:")
    for section, metrics in sections.items():
        lines.append(f"  - section: {section}")
        lines += [f"  - metric: {m}" for m in metrics]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target
