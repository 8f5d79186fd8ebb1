"""A fictional demo province to try the product with: units, people, party memberships, posts,
follow assignments and one account per role.

Every top-level name says it is sample data ("dữ liệu mẫu"); no name belongs to a real person on
purpose, no citizen ID is stored and party card numbers start with ``MAU`` (sample). The same seed
gives the same province, and the same passwords whatever the number of people.
"""

import datetime as dt
import random
import string
import uuid
from dataclasses import dataclass, field
from itertools import product
from typing import Any

from django.utils import timezone

from neuguong.accounts import services as account_services
from neuguong.accounts.permissions import Role
from neuguong.core.actors import SYSTEM
from neuguong.core.text import name_sort_key, search_key, split_full_name

from .models import (
    FollowAssignment,
    Gender,
    ManagementLevel,
    Membership,
    MembershipStatus,
    Person,
    Post,
    Unit,
    UnitChange,
    UnitChangeKind,
    UnitKind,
)

DEFAULT_SEED = 2025
DEFAULT_PEOPLE = 5000
MIN_PEOPLE = 600
COMMUNES, WARDS = 58, 12
LABEL = "(dữ liệu mẫu)"
PROVINCE = "Hồng Lam"
BATCH = 2000
COMMUNE_TERM = dt.date(2025, 7, 1)  # communes and wards of the two-level local government
PROVINCE_TERM = dt.date(2025, 10, 15)
FORMER_TERM = (dt.date(2020, 8, 1), dt.date(2025, 6, 30))


def words(text: str) -> list[str]:
    return text.split()


FAMILY_WEIGHTS = {
    "Nguyễn": 38, "Trần": 11, "Lê": 9.5, "Phạm": 7, "Hoàng": 3.4, "Huỳnh": 1.6, "Phan": 4.5, "Võ": 2.6,
    "Vũ": 1.6, "Đặng": 2.1, "Bùi": 2, "Đỗ": 1.4, "Hồ": 1.3, "Ngô": 1.3, "Dương": 1, "Lý": 0.5, "Đinh": 0.8,
    "Đào": 0.5, "Trương": 0.6, "Lương": 0.4, "Cao": 0.4, "Thái": 0.3, "Mai": 0.3, "Tạ": 0.2,
}
MIDDLE: dict[str, list[str]] = {
    Gender.MALE: words(
        "Văn Văn Văn Văn Đức Đức Hữu Hữu Minh Minh Quang Công Xuân Đình Thanh Ngọc Anh Trọng Quốc Tiến Mạnh Duy Hoài "
        "Viết Bá Huy"
    ),
    Gender.FEMALE: words(
        "Thị Thị Thị Thị Thị Thị Ngọc Thu Thanh Hồng Minh Phương Thùy Kim Bích Mai Diệu Khánh Hoài Mỹ"
    ),
}
SECOND_MIDDLE = words("Thu Ngọc Thanh Hồng Minh Phương Kim Bích Mỹ Diệu Quỳnh")  # Nguyễn Thị Thu Hà
GIVEN: dict[str, list[str]] = {
    Gender.MALE: words(
        "An Anh Bảo Bình Cường Chiến Công Dũng Duy Dương Đạt Định Đức Giang Hải Hào Hiếu Hiệp Hoàng Hùng Huy Hưng "
        "Khang Khánh Khoa Kiên Lâm Lực Lộc Long Luân Mạnh Minh Nam Nghĩa Nhân Ninh Phong Phúc Phương Quân Quang Quý "
        "Sơn Tài Tâm Thái Thắng Thành Thiện Thịnh Thông Toàn Trí Trung Trường Tuấn Tùng Việt Vinh Vũ Vượng"
    ),
    Gender.FEMALE: words(
        "An Anh Ánh Bích Chi Diệp Dung Duyên Giang Hà Hạnh Hằng Hiền Hoa Huệ Hương Hường Lan Liên Linh Loan Lý Mai "
        "My Nga Ngân Ngọc Nhung Oanh Phương Phượng Quyên Quỳnh Tâm Thanh Thảo Thơ Thu Thủy Trang Trâm Uyên Vân Xuân Yến"
    ),
}
PLACE_FIRST = words("An Bình Cẩm Đức Đông Gia Hòa Hồng Hưng Kim Kỳ Lam Long Mỹ Nam Ngọc Phú Phúc Quang Sơn Tân "
                    "Thạch Thanh Thiên Thuận Tiên Trung Vĩnh Xuân Yên")
PLACE_SECOND = words("An Bình Châu Điền Giang Hà Hải Hòa Hưng Khánh Lạc Lâm Lĩnh Lộc Long Minh Mỹ Ninh Phong Phú "
                     "Quang Sơn Tân Thành Thịnh Thủy Tiến Trạch Trung Vinh")
VILLAGE_FIRST = words("Đông Tây Nam Bắc Trung Thượng Hạ Tân")
COMMUNE_CELLS = [
    "Chi bộ Cơ quan Đảng - Mặt trận - Đoàn thể", "Chi bộ Cơ quan Chính quyền", "Chi bộ Quân sự", "Chi bộ Công an",
    "Chi bộ Trường Tiểu học {place}", "Chi bộ Trường Trung học cơ sở {place}", "Chi bộ Trạm Y tế",
]
BLOCS = [
    ("Đảng bộ các cơ quan Đảng tỉnh", ["Văn phòng Tỉnh ủy", "Ban Tổ chức Tỉnh ủy", "Ủy ban Kiểm tra Tỉnh ủy",
                                       "Ban Tuyên giáo và Dân vận Tỉnh ủy", "Báo và Phát thanh, Truyền hình tỉnh",
                                       "Trường Chính trị tỉnh"]),
    ("Đảng bộ Ủy ban nhân dân tỉnh", ["Văn phòng Ủy ban nhân dân tỉnh", "Sở Tài chính", "Sở Nội vụ", "Sở Y tế",
                                      "Sở Giáo dục và Đào tạo", "Sở Nông nghiệp và Môi trường", "Sở Xây dựng",
                                      "Thanh tra tỉnh", "Bệnh viện Đa khoa tỉnh"]),
    ("Đảng bộ Quân sự tỉnh", ["Cơ quan Bộ Chỉ huy Quân sự tỉnh", "Trung đoàn Bộ binh",
                              "Ban Chỉ huy Phòng thủ khu vực 1", "Ban Chỉ huy Phòng thủ khu vực 2"]),
    ("Đảng bộ Công an tỉnh", ["Phòng Tham mưu", "Phòng An ninh", "Phòng Cảnh sát hình sự",
                              "Phòng Cảnh sát giao thông"]),
]
AGENCY_CELLS = ["Chi bộ Văn phòng", "Chi bộ Nghiệp vụ 1", "Chi bộ Nghiệp vụ 2"]

P_STANDING, P_COMMITTEE = ManagementLevel.PROVINCE_STANDING, ManagementLevel.PROVINCE_COMMITTEE
S_STANDING, GRASSROOTS = ManagementLevel.SUBORDINATE_STANDING, ManagementLevel.GRASSROOTS
# (title, management level, Standing Committee member, body whose chair the post also is)
PostSpec = tuple[str, str, bool, str | None]
PROVINCE_POSTS: list[PostSpec] = [
    ("Bí thư Tỉnh ủy", P_STANDING, True, None),
    ("Phó Bí thư Thường trực Tỉnh ủy", P_STANDING, True, None),
    ("Phó Bí thư Tỉnh ủy, Chủ tịch Ủy ban nhân dân tỉnh", P_STANDING, True, "peoples_committee"),
    ("Phó Bí thư Tỉnh ủy, Chủ tịch Hội đồng nhân dân tỉnh", P_STANDING, True, "peoples_council"),
    ("Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức Tỉnh ủy", P_STANDING, True, None),
    ("Ủy viên Ban Thường vụ, Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy", P_STANDING, True, None),
    ("Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy", P_STANDING, True, None),
    ("Ủy viên Ban Thường vụ, Chánh Văn phòng Tỉnh ủy", P_STANDING, True, None),
    ("Ủy viên Ban Thường vụ, Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", P_STANDING, True, "front"),
    ("Ủy viên Ban Thường vụ, Phó Chủ tịch Thường trực Ủy ban nhân dân tỉnh", P_STANDING, True, None),
    ("Ủy viên Ban Thường vụ, Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh", P_STANDING, True, None),
    ("Ủy viên Ban Thường vụ, Giám đốc Công an tỉnh", P_STANDING, True, None),
    ("Tỉnh ủy viên, Phó Chủ tịch Ủy ban nhân dân tỉnh", P_STANDING, False, None),
    ("Tỉnh ủy viên, Phó Chủ tịch Hội đồng nhân dân tỉnh", P_STANDING, False, None),
    ("Phó Trưởng Ban Tổ chức Tỉnh ủy", P_COMMITTEE, False, None),
]
BLOC_POSTS: list[PostSpec] = [
    ("Bí thư Đảng ủy", P_STANDING, True, None),
    ("Phó Bí thư Đảng ủy", P_COMMITTEE, True, None),
    ("Ủy viên Ban Thường vụ, Chủ nhiệm Ủy ban Kiểm tra Đảng ủy", S_STANDING, True, None),
]
COMMUNE_POSTS: list[PostSpec] = [
    ("Bí thư Đảng ủy", P_STANDING, True, None),
    ("Phó Bí thư Thường trực Đảng ủy, Chủ tịch Hội đồng nhân dân", P_COMMITTEE, True, "peoples_council"),
    ("Phó Bí thư Đảng ủy, Chủ tịch Ủy ban nhân dân", P_STANDING, True, "peoples_committee"),
    ("Ủy viên Ban Thường vụ, Chủ nhiệm Ủy ban Kiểm tra Đảng ủy", S_STANDING, True, None),
    ("Ủy viên Ban Thường vụ, Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam", S_STANDING, True, "front"),
    ("Đảng ủy viên, Phó Chủ tịch Ủy ban nhân dân", S_STANDING, False, None),
]
BODY_CHAIRS = {"peoples_committee": "Chủ tịch Ủy ban nhân dân", "peoples_council": "Chủ tịch Hội đồng nhân dân",
               "front": "Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam"}
# username, role, where the grant sits ("province", "commune", "cell"), who holds it
ACCOUNTS = [
    ("quantri", Role.SYSTEM_ADMIN, "province", "staff:Văn phòng Tỉnh ủy"),
    ("quantri.xa", Role.UNIT_ADMIN, "commune", "commune_staff"),
    ("tochuc", Role.ORGANISATION_STAFF, "province", "staff:Ban Tổ chức Tỉnh ủy"),
    ("kiemtra", Role.INSPECTION_STAFF, "province", "staff:Ủy ban Kiểm tra Tỉnh ủy"),
    ("tiepdan", Role.RECEPTION_STAFF, "province", "staff:Văn phòng Ủy ban nhân dân tỉnh"),
    ("tuyengiao", Role.PROPAGANDA_STAFF, "province", "staff:Ban Tuyên giáo và Dân vận Tỉnh ủy"),
    ("lanhdao", Role.LEADER, "province", "province_secretary"),
    ("dangvien", Role.PARTY_MEMBER, "cell", "cell_member"),
    ("kiemphieu", Role.TELLER, "commune", "commune_resident"),
]
PASSWORD_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "Il1O0o")


@dataclass
class Home:
    """A commune, ward, bloc or the province itself, with the units its people belong to."""

    committee: Unit
    place: str
    kind: str
    cells: list[Unit] = field(default_factory=list)
    residences: list[Unit] = field(default_factory=list)
    bodies: dict[str, Unit] = field(default_factory=dict)
    sub_committees: list[Unit] = field(default_factory=list)
    staff_unit: Unit | None = None
    cell_residence: dict[int, Unit] = field(default_factory=dict)
    sub_cells: dict[int, list[Unit]] = field(default_factory=dict)
    weight: float = 1.0

    @property
    def office_cell(self) -> Unit:
        return self.cells[0]


class Tree:
    """Units planned level by level, then inserted in bulk with correct paths and depths."""

    def __init__(self) -> None:
        self.levels: list[list[tuple[Unit, Unit | None]]] = []

    def add(self, name: str, kind: str, parent: Unit | None = None) -> Unit:
        depth = parent.depth + 1 if parent is not None else 0
        unit = Unit(name=name, kind=kind, depth=depth, search_name=search_key(name))
        while len(self.levels) <= depth:
            self.levels.append([])
        self.levels[depth].append((unit, parent))
        return unit

    def save(self, effective_on: dt.date) -> list[Unit]:
        saved: list[Unit] = []
        for level in self.levels:
            for unit, parent in level:
                unit.parent = parent
                unit.path = f"/new-{uuid.uuid4().hex}/"
            units = Unit.objects.bulk_create([unit for unit, _parent in level], batch_size=BATCH)
            for unit, parent in level:
                unit.path = f"{parent.path if parent is not None else '/'}{unit.pk}/"
            Unit.objects.bulk_update(units, ["path"], batch_size=BATCH)
            saved.extend(units)
        UnitChange.objects.bulk_create(
            [UnitChange(unit=u, kind=UnitChangeKind.CREATED, effective_on=effective_on, new_value=u.name)
             for u in saved], batch_size=BATCH,
        )
        return saved


class Generator:
    """Plans the whole province in memory, then writes it in bulk."""

    def __init__(self, *, seed: int, today: dt.date) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.tree = Tree()
        self.people: list[Person] = []
        self.memberships: list[Membership] = []
        self.posts: list[Post] = []
        self.follows: list[FollowAssignment] = []
        self.ordinary: dict[int, list[Person]] = {}  # id(cell) -> members not holding a cadre post
        self.holders: dict[str, Person] = {}
        self.grant_units: dict[str, Unit] = {}
        self.city_residences: list[Unit] = []
        self.card_serial = 0

    def build_tree(self) -> tuple[Unit, Home, list[Home], list[Home]]:
        root = self.tree.add(f"Tỉnh ủy {PROVINCE} {LABEL}", UnitKind.PROVINCE_COMMITTEE)
        province = Home(committee=root, place=PROVINCE, kind="province")
        for key, name, kind in [
            ("peoples_committee", f"Ủy ban nhân dân tỉnh {PROVINCE} {LABEL}", UnitKind.PEOPLES_COMMITTEE),
            ("peoples_council", f"Hội đồng nhân dân tỉnh {PROVINCE} {LABEL}", UnitKind.PEOPLES_COUNCIL),
            ("front", f"Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh {PROVINCE} {LABEL}", UnitKind.FATHERLAND_FRONT),
        ]:
            province.bodies[key] = self.tree.add(name, kind, root)
        blocs = [self._bloc(root, name, agencies) for name, agencies in BLOCS]
        province.cells = [blocs[0].cells[0]]
        places = self.rng.sample([f"{a} {b}" for a, b in product(PLACE_FIRST, PLACE_SECOND) if a != b],
                                 COMMUNES + WARDS)
        communes = [self._commune(root, place, "phường" if i < WARDS else "xã") for i, place in enumerate(places)]
        self.rng.shuffle(communes)
        return root, province, blocs, communes

    def _bloc(self, root: Unit, name: str, agencies: list[str]) -> Home:
        committee = self.tree.add(name, UnitKind.SUBORDINATE_COMMITTEE, root)
        home = Home(committee=committee, place=name, kind="bloc", weight=3.0)
        for agency in agencies:
            grassroots = self.tree.add(f"Đảng bộ {agency}", UnitKind.GRASSROOTS, committee)
            self._sub_committee(home, grassroots, AGENCY_CELLS)
        home.staff_unit = home.sub_committees[0]
        return home

    def _commune(self, root: Unit, place: str, level: str) -> Home:
        committee = self.tree.add(f"Đảng bộ {level} {place}", UnitKind.SUBORDINATE_COMMITTEE, root)
        home = Home(committee=committee, place=f"{level} {place}", kind=level, weight=self.rng.uniform(0.6, 1.6))
        for key, prefix, kind in [("peoples_committee", "Ủy ban nhân dân", UnitKind.PEOPLES_COMMITTEE),
                                  ("peoples_council", "Hội đồng nhân dân", UnitKind.PEOPLES_COUNCIL),
                                  ("front", "Ủy ban Mặt trận Tổ quốc Việt Nam", UnitKind.FATHERLAND_FRONT)]:
            home.bodies[key] = self.tree.add(f"{prefix} {level} {place}", kind, committee)
        home.staff_unit = home.bodies["peoples_committee"]
        home.cells = [self.tree.add(name.format(place=place), UnitKind.CELL, committee)
                      for name in COMMUNE_CELLS[: self.rng.randint(4, len(COMMUNE_CELLS))]]
        for village in self._villages(level):
            residence = self.tree.add(village, UnitKind.RESIDENTIAL, home.bodies["peoples_committee"])
            cell_name = f"Chi bộ {village}" if level == "phường" else f"Chi bộ thôn {village.removeprefix('Thôn ')}"
            cell = self.tree.add(cell_name, UnitKind.CELL, committee)
            home.residences.append(residence)
            home.cells.append(cell)
            home.cell_residence[id(cell)] = residence
        if level == "phường" or self.rng.random() < 0.2:
            school = self.tree.add(f"Đảng bộ Trường Trung học phổ thông {place}", UnitKind.GRASSROOTS, committee)
            self._sub_committee(home, school, ["Chi bộ Tổ Tự nhiên", "Chi bộ Tổ Xã hội"])
        return home

    def _sub_committee(self, home: Home, sub: Unit, cell_names: list[str]) -> None:
        cells = [self.tree.add(name, UnitKind.CELL, sub) for name in cell_names]
        home.sub_committees.append(sub)
        home.sub_cells[id(sub)] = cells
        home.cells.extend(cells)

    def _villages(self, level: str) -> list[str]:
        if level == "phường":
            return [f"Tổ dân phố {n}" for n in range(1, self.rng.randint(6, 12) + 1)]
        names = self.rng.sample([f"{a} {b}" for a, b in product(VILLAGE_FIRST, PLACE_SECOND)], self.rng.randint(4, 9))
        return [f"Thôn {name}" for name in names]

    def full_name(self, gender: str) -> str:
        family = self.rng.choices(list(FAMILY_WEIGHTS), weights=list(FAMILY_WEIGHTS.values()))[0]
        middle = self.rng.choice(MIDDLE[gender])
        if middle == "Thị" and self.rng.random() < 0.2:
            middle = f"{middle} {self.rng.choice(SECOND_MIDDLE)}"
        return f"{family} {middle} {self.rng.choice(GIVEN[gender])}"

    def birth_date(self, min_age: int, max_age: int) -> dt.date:
        days = self.rng.randint(min_age * 365, max_age * 365)
        return self.today - dt.timedelta(days=days)

    def person(self, home: Home, *, cell: Unit | None, cadre: bool = False) -> Person:
        gender = Gender.MALE if self.rng.random() < (0.75 if cadre else 0.5) else Gender.FEMALE
        name = self.full_name(gender)
        family, given = split_full_name(name)
        birth = self.birth_date(38, 58) if cadre else self.birth_date(20 if cell else 18, 78)
        person = Person(
            full_name=name, family_name=family[:40], given_name=given[:40], search_name=search_key(name),
            sort_key=name_sort_key(name), gender=gender, birth_date=birth,
            unit=cell or home.staff_unit, residence=self.residence_for(home, cell),
        )
        self.people.append(person)
        if cell is not None:
            self.membership(person, birth, cell, recent=not cadre and self.rng.random() < 0.06)
        return person

    def residence_for(self, home: Home, cell: Unit | None) -> Unit | None:
        if cell is not None and id(cell) in home.cell_residence:
            return home.cell_residence[id(cell)]
        pool = home.residences or self.city_residences
        return self.rng.choice(pool) if pool else None

    def membership(self, person: Person, birth: dt.date, cell: Unit, *, recent: bool) -> None:
        adult = birth + dt.timedelta(days=19 * 365)
        if recent or adult >= self.today - dt.timedelta(days=400):
            joined = self.today - dt.timedelta(days=self.rng.randint(30, 340))
        else:
            joined = adult + dt.timedelta(days=self.rng.randint(0, max(0, (self.today - adult).days - 400)))
        full = joined + dt.timedelta(days=365)
        self.card_serial += 1
        self.memberships.append(Membership(
            person=person, cell=cell, card_number=f"MAU{self.card_serial:07d}", joined_on=joined,
            full_member_on=full if full <= self.today else None,
            status=MembershipStatus.FULL if full <= self.today else MembershipStatus.PROBATIONARY,
        ))

    def post(self, person: Person, unit: Unit, title: str, level: str, *, standing: bool = False,
             started: dt.date, ended: dt.date | None = None) -> None:
        self.posts.append(Post(person=person, unit=unit, title=title, management_level=level,
                               is_standing_committee=standing, started_on=min(started, self.today), ended_on=ended))

    def leadership(self, home: Home, posts: list[PostSpec], started: dt.date,
                   suffix: str, body_suffix: str = "") -> list[Person]:
        leaders = []
        for title, level, standing, body in posts:
            leader = self.person(home, cell=home.office_cell, cadre=True)
            self.post(leader, home.committee, f"{title} {suffix}".strip(), level, standing=standing, started=started)
            if body:
                chair = f"{BODY_CHAIRS[body]} {body_suffix or suffix}"
                self.post(leader, home.bodies[body], chair, level, started=started)
            leaders.append(leader)
        return leaders

    def cadres(self, province: Home, blocs: list[Home], communes: list[Home]) -> list[Person]:
        standing = self.leadership(province, PROVINCE_POSTS, PROVINCE_TERM, "", body_suffix="tỉnh")
        self.holders["province_secretary"] = standing[0]
        for bloc in blocs:
            self.leadership(bloc, BLOC_POSTS, PROVINCE_TERM, bloc.committee.name.removeprefix("Đảng bộ "))
        for home in [*blocs, *communes]:
            for sub in home.sub_committees:
                secretary = self.person(home, cell=home.sub_cells[id(sub)][0], cadre=True)
                self.post(secretary, sub, f"Bí thư {sub.name}", S_STANDING, standing=True, started=COMMUNE_TERM)
        for home in communes:
            self.leadership(home, COMMUNE_POSTS, COMMUNE_TERM, home.place)
        members = {id(post.person) for post in self.posts if post.is_standing_committee}
        return [person for person in standing if id(person) in members]

    def account_holders(self, root: Unit, blocs: list[Home], commune: Home) -> None:
        agencies = {sub.name.removeprefix("Đảng bộ "): sub for bloc in blocs for sub in bloc.sub_committees}
        bloc_of = {id(sub): bloc for bloc in blocs for sub in bloc.sub_committees}
        self.grant_units["province"] = root
        for _username, _role, _where, holder in ACCOUNTS:
            if holder.startswith("staff:"):
                sub = agencies[holder.removeprefix("staff:")]
                self.holders[holder] = self.person(bloc_of[id(sub)], cell=bloc_of[id(sub)].sub_cells[id(sub)][0],
                                                   cadre=True)
        self.holders["commune_staff"] = self.person(commune, cell=commune.office_cell, cadre=True)
        village_cell = next(c for c in commune.cells if id(c) in commune.cell_residence)
        self.holders["cell_member"] = self.person(commune, cell=village_cell)
        self.holders["commune_resident"] = self.person(commune, cell=None)
        self.grant_units.update({"commune": commune.committee, "cell": village_cell})

    def ordinary_people(self, homes: list[Home], count: int) -> None:
        weights = [home.weight for home in homes]
        for home in self.rng.choices(homes, weights=weights, k=max(0, count)):
            member_share = 0.9 if home.kind == "bloc" else 0.55
            cell = self.rng.choice(home.cells) if self.rng.random() < member_share else None
            person = self.person(home, cell=cell)
            if cell is not None:
                self.ordinary.setdefault(id(cell), []).append(person)

    def cell_posts(self, homes: list[Home]) -> None:
        for home in homes:
            for cell in home.cells:
                members = self.ordinary.get(id(cell), [])
                titles = [("Bí thư Chi bộ", GRASSROOTS), ("Phó Bí thư Chi bộ", ManagementLevel.NONE)]
                for person, (title, level) in zip(members, titles, strict=False):
                    self.post(person, cell, title, level, started=COMMUNE_TERM)

    def former_secretaries(self, communes: list[Home]) -> None:
        for home in communes:
            members = [p for cell in home.cells for p in self.ordinary.get(id(cell), [])[2:3]]
            if members:
                start, end = FORMER_TERM
                self.post(members[0], home.committee, f"Bí thư Đảng ủy {home.place} (nhiệm kỳ 2020–2025)",
                          P_STANDING, standing=True, started=start, ended=end)

    def follow_assignments(self, root: Unit, standing: list[Person], followed: list[Unit]) -> None:
        for index, unit in enumerate(self.rng.sample(followed, len(followed))):
            self.follows.append(FollowAssignment(person=standing[index % len(standing)], committee=root, unit=unit,
                                                 started_on=PROVINCE_TERM))


def generate_password(rng: random.Random) -> str:
    groups = ["".join(rng.choice(PASSWORD_ALPHABET) for _ in range(4)) for _ in range(4)]
    return "-".join(groups)


def is_loaded() -> bool:
    return Unit.objects.exists()


def _bulk_save(generator: Generator) -> None:
    Person.objects.bulk_create(generator.people, batch_size=BATCH)
    Membership.objects.bulk_create(generator.memberships, batch_size=BATCH)
    Post.objects.bulk_create(generator.posts, batch_size=BATCH)
    FollowAssignment.objects.bulk_create(generator.follows, batch_size=BATCH)


def _create_accounts(generator: Generator, *, seed: int) -> tuple[list[dict[str, str]], dict[str, Any]]:
    """The demo accounts as written for ``demo_accounts``, and the users by username."""
    rng = random.Random(f"{seed}:passwords")
    accounts, users = [], {}
    for username, role, place, holder in ACCOUNTS:
        password = generate_password(rng)
        person = generator.holders[holder]
        user = account_services.user_create(username=username, password=password, person_id=person.pk,
                                            acting_user=SYSTEM)
        unit = generator.grant_units[place]
        account_services.grant_role(user_id=user.pk, role=role, unit_id=unit.pk, acting_user=SYSTEM,
                                    reason=f"Tài khoản thử nghiệm {LABEL}")
        label = f"{unit.name}, {unit.parent.name}" if unit.kind == UnitKind.CELL and unit.parent else unit.name
        accounts.append({"username": username, "password": password, "role": str(role), "unit": label,
                         "person": person.full_name})
        users[username] = user
    return accounts, users


def plan(*, people: int = DEFAULT_PEOPLE, seed: int = DEFAULT_SEED, today: dt.date | None = None) -> Generator:
    """The whole province in memory, nothing written yet: the same seed gives the same plan."""
    if people < MIN_PEOPLE:
        raise ValueError(f"the demo province needs at least {MIN_PEOPLE} people")
    generator = Generator(seed=seed, today=today or timezone.localdate())
    root, province, blocs, communes = generator.build_tree()
    generator.city_residences = [r for home in communes if home.kind == "phường" for r in home.residences]
    commune = next(home for home in communes if home.kind == "xã")
    standing = generator.cadres(province, blocs, communes)
    generator.account_holders(root, blocs, commune)
    generator.ordinary_people([*blocs, *communes], people - len(generator.people))
    generator.cell_posts([*blocs, *communes])
    generator.former_secretaries(communes)
    generator.follow_assignments(root, standing, [home.committee for home in [*blocs, *communes]])
    return generator


PROBATIONS_ENDING = 8


def _probations_ending(generator: Generator, rng: random.Random) -> None:
    """A few probationary members whose twelve months end within weeks or have just ended, waiting
    for their cell's decision on full membership (work for the organisation staff)."""
    probationary = [m for m in generator.memberships if m.status == MembershipStatus.PROBATIONARY]
    for membership in rng.sample(probationary, min(PROBATIONS_ENDING, len(probationary))):
        membership.joined_on = generator.today - dt.timedelta(days=365 + rng.randint(-25, 10))


def run(rng: random.Random, context: dict[str, Any]) -> None:
    """The demo step of orgs: the province, its people and one account per role. It plans from the
    seed itself (not from the step's generator), so the passwords in the README stay the same."""
    generator = plan(people=context["people"], seed=context["seed"], today=context["today"])
    _probations_ending(generator, rng)
    units = generator.tree.save(effective_on=min(COMMUNE_TERM, generator.today))
    _bulk_save(generator)
    accounts, users = _create_accounts(generator, seed=context["seed"])
    context["counts"].update({
        "units": len(units), "people": len(generator.people), "memberships": len(generator.memberships),
        "posts": len(generator.posts), "follow_assignments": len(generator.follows), "accounts": len(accounts),
    })
    context["accounts"] += accounts
    context["users"] = users
    context["province"] = units[0]
    context["commune"] = generator.grant_units["commune"]
    context["cell"] = generator.grant_units["cell"]
